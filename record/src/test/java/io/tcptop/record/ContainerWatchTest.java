package io.tcptop.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.bpf.Cgroup2Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which cgroups the kernel's container filter gets for an id prefix, in a hierarchy made here. */
class ContainerWatchTest {
  @TempDir Path tmp;

  @Test
  void eachMatchingContainerOnceAtItsTopmostCgroupWhateverItsRuntime() throws IOException {
    Cgroup2Mount mount = new Cgroup2Mount(Files.createDirectories(tmp.resolve("cgroup")), "/");
    String a = "ab12" + "0".repeat(60);
    String b = "ab12" + "1".repeat(60);
    String other = "cd34" + "0".repeat(60);
    String uid = "5e1c7d2a_8f3b_4c6d_9e0a_1b2c3d4e5f60";
    for (String path : List.of(
        "/system.slice/docker-" + a + ".scope/init",       // a container with a cgroup of its own inside
        "/system.slice/docker-" + other + ".scope",
        "/kubepods.slice/kubepods-pod" + uid + ".slice/cri-containerd-" + b + ".scope",
        "/system.slice/ab12-not-a-container.service")) {
      Files.createDirectories(mount.directoryOf(path).orElseThrow());
    }

    List<String> found = ContainerWatch.matching(mount, "ab12").stream().map(mount::pathOf).sorted().toList();

    assertEquals(List.of("/kubepods.slice/kubepods-pod" + uid + ".slice/cri-containerd-" + b + ".scope",
        "/system.slice/docker-" + a + ".scope"), found);
    assertEquals(List.of(), ContainerWatch.matching(mount, "ef"));
  }
}
