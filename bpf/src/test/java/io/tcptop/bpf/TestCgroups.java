package io.tcptop.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cgroups made by a test in the real cgroup v2 hierarchy, named the way container runtimes name
 * theirs, and processes started inside them. {@link #close} removes every directory it made
 * (deepest first; never one that existed before) after its processes are gone. Shipped in the
 * test-jar. Needs root and a cgroup v2 mount; {@link #open} skips or fails the test otherwise.
 */
public final class TestCgroups implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Cgroup2Mount mount;
    private final List<Path> made = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private TestCgroups(Cgroup2Mount mount) {
        this.mount = mount;
    }

    /** The hierarchy to make cgroups in; skips (or fails, when kernel tests are required) without one. */
    public static TestCgroups open() {
        KernelTestSupport.requireKernel();
        var mount = Cgroup2Mount.find();
        if (mount.isEmpty()) {
            KernelTestSupport.unavailable("no cgroup v2 hierarchy is mounted");
        }
        if (!Files.isWritable(mount.get().mountPoint())) {
            KernelTestSupport.unavailable("cannot make cgroups below " + mount.get().mountPoint() + " (not root?)");
        }
        return new TestCgroups(mount.get());
    }

    public Cgroup2Mount mount() {
        return mount;
    }

    /** 64 random lower-case hex digits, like a docker or containerd container id. */
    public static String containerId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A random pod UID in its usual form (with dashes). */
    public static String podUid() {
        String h = containerId();
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
                + h.substring(20, 32);
    }

    /** Makes the cgroup at {@code path} ({@code /system.slice/docker-ID.scope}) and its missing parents. */
    public Path make(String path) {
        Path dir = mount.directoryOf(path).orElseThrow();
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; !Files.exists(p); p = p.getParent()) {
            missing.add(p);
        }
        Collections.reverse(missing);
        try {
            for (Path p : missing) {
                Files.createDirectory(p);
                made.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The cgroup's id: the inode of its directory (what bpf_get_current_cgroup_id returns). */
    public static long idOf(Path dir) {
        try {
            return (Long) Files.getAttribute(dir, "unix:ino");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code command} in the cgroup at {@code path}: a shell moves itself there and then execs
     * it, so every socket the command opens belongs to a task of that cgroup from the start.
     */
    public Process start(String path, List<String> command) {
        return start(inCgroup(path, command));
    }

    /**
     * {@code command} wrapped so that it runs in the cgroup at {@code path}. To run it in a network
     * namespace too, wrap the namespace's command in this one, not the other way round: {@code ip
     * netns exec} mounts a sysfs of its own, which hides the cgroup hierarchy.
     */
    public List<String> inCgroup(String path, List<String> command) {
        Path procs = mount.directoryOf(path).orElseThrow().resolve("cgroup.procs");
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > '" + procs + "' && exec \"$@\"", "sh"));
        shell.addAll(command);
        return shell;
    }

    /** Starts a process made by {@link #inCgroup}; {@link #close} ends it if it still runs. */
    public Process start(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command that runs {@code main} of a test class in a JVM of its own, on this JVM's class path. */
    public static List<String> java(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a bash script in the cgroup at {@code path} and waits for it; returns its pid. */
    public long runBash(String path, String script) {
        Process p = start(path, List.of("/bin/bash", "-c", script));
        return waitFor(p);
    }

    /** Waits for a process started here to succeed; returns its pid. */
    public static long waitFor(Process p) {
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("a child did not finish: " + output);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("a child failed (" + p.exitValue() + "): " + output);
            }
            return p.pid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Removes a cgroup made here before {@link #close} (a container that exits mid-recording). */
    public void remove(Path dir) {
        rmdir(dir);
        made.remove(dir);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Path> deepestFirst = new ArrayList<>(made);
        deepestFirst.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path dir : deepestFirst) {
            rmdir(dir);
        }
        made.clear();
    }

    /** A cgroup can be removed once its last task is gone, which the kernel learns shortly after exit. */
    private static void rmdir(Path dir) {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                if (attempt >= 100) {
                    throw new UncheckedIOException("cannot remove the test cgroup " + dir, e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
