package io.tcptop.bpf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Finding the cgroup v2 hierarchy on unified, hybrid and v1-only hosts, and inside a container. */
class Cgroup2MountTest {
    @TempDir Path tmp;

    Optional<Cgroup2Mount> find(String mountinfo) throws IOException {
        Path file = tmp.resolve("mountinfo");
        Files.writeString(file, mountinfo);
        return Cgroup2Mount.find(file);
    }

    @Test
    void aUnifiedHostHasItAtSysFsCgroup() throws IOException {
        assertEquals(Optional.of(new Cgroup2Mount(Path.of("/sys/fs/cgroup"), "/")), find("""
                22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/root rw
                35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate
                """));
    }

    @Test
    void aHybridHostHasItAtUnifiedBesideTheV1Controllers() throws IOException {
        assertEquals(Optional.of(new Cgroup2Mount(Path.of("/sys/fs/cgroup/unified"), "/")), find("""
                30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
                31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
                40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
                """));
    }

    @Test
    void aV1OnlyHostHasNone() throws IOException {
        assertEquals(Optional.empty(), find("""
                30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
                31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
                """));
        assertEquals(Optional.empty(), Cgroup2Mount.find(tmp.resolve("missing")));
    }

    @Test
    void optionalFieldsAndEscapedPathsAreRead() throws IOException {
        Cgroup2Mount m = find("40 30 0:37 /kube\\040pods /mnt/cg\\040v2 rw shared:5 master:3 - cgroup2 none rw\n")
                .orElseThrow();
        assertEquals(new Cgroup2Mount(Path.of("/mnt/cg v2"), "/kube pods"), m);
    }

    @Test
    void pathsMapToDirectoriesBelowTheMountAndBack() {
        Cgroup2Mount host = new Cgroup2Mount(Path.of("/sys/fs/cgroup/unified"), "/");
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/system.slice/nginx.service")),
                host.directoryOf("/system.slice/nginx.service"));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")), host.directoryOf("/"));
        assertEquals("/system.slice/nginx.service", host.pathOf(Path.of("/sys/fs/cgroup/unified/system.slice/nginx.service")));
        assertEquals("/", host.pathOf(Path.of("/sys/fs/cgroup/unified")));
        assertEquals(Optional.empty(), host.directoryOf("/system.slice/../../etc"));

        // A container that mounted only its own part of the hierarchy.
        Cgroup2Mount part = new Cgroup2Mount(Path.of("/sys/fs/cgroup"), "/system.slice/docker-ab.scope");
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/init")), part.directoryOf("/system.slice/docker-ab.scope/init"));
        assertEquals(Optional.empty(), part.directoryOf("/user.slice"));
        assertEquals("/system.slice/docker-ab.scope/init", part.pathOf(Path.of("/sys/fs/cgroup/init")));
    }
}
