package io.tcptop.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the cgroup v2 hierarchy is mounted, from {@code /proc/self/mountinfo}: {@code /sys/fs/cgroup}
 * on unified hosts, {@code /sys/fs/cgroup/unified} on hybrid ones, nowhere on hosts with cgroup v1
 * only. It maps between a cgroup's path (as {@code /proc/PID/cgroup} shows it, {@code /system.slice/x})
 * and its directory.
 *
 * @param mountPoint the directory the hierarchy is mounted on
 * @param root the cgroup the mount shows at its mount point ({@code /}, unless a container mounted
 *     only its own part of the hierarchy)
 */
public record Cgroup2Mount(Path mountPoint, String root) {

    /** Tests point this at a mountinfo of another kind of host (e.g. one with cgroup v1 only). */
    public static final String MOUNTINFO_PROPERTY = "tcptop.mountinfo";
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** The first cgroup v2 mount of this process's mount namespace, if there is one. */
    public static Optional<Cgroup2Mount> find() {
        String override = System.getProperty(MOUNTINFO_PROPERTY);
        return find(override == null ? MOUNTINFO : Path.of(override));
    }

    /** The first cgroup v2 mount in a mountinfo file. */
    public static Optional<Cgroup2Mount> find(Path mountinfo) {
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + mountinfo, e);
        }
        for (String line : lines) {
            // id parent major:minor root mount-point options [optional fields...] - fstype source super-options
            String[] fields = line.split(" ");
            int dash = List.of(fields).indexOf("-");
            if (dash > 5 && dash + 1 < fields.length && fields[dash + 1].equals("cgroup2")) {
                return Optional.of(new Cgroup2Mount(Path.of(unescape(fields[4])), unescape(fields[3])));
            }
        }
        return Optional.empty();
    }

    /** The directory of the cgroup at {@code path}, or empty when the mount does not show it. */
    public Optional<Path> directoryOf(String path) {
        String relative;
        if (root.equals("/")) {
            relative = path;
        } else if (path.equals(root)) {
            relative = "/";
        } else if (path.startsWith(root + "/")) {
            relative = path.substring(root.length());
        } else {
            return Optional.empty();
        }
        Path dir = mountPoint;
        for (String part : relative.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(".") || part.equals("..")) {
                return Optional.empty();
            }
            dir = dir.resolve(part);
        }
        return Optional.of(dir);
    }

    /** The cgroup path of a directory below the mount point. */
    public String pathOf(Path directory) {
        Path relative = mountPoint.relativize(directory);
        String below = relative.toString().isEmpty() ? "" : "/" + relative;
        if (root.equals("/")) {
            return below.isEmpty() ? "/" : below;
        }
        return root + below;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String field) {
        StringBuilder path = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                path.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                path.append(c);
            }
        }
        return path.toString();
    }
}
