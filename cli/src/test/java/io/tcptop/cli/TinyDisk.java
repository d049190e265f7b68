package io.tcptop.cli;

import io.tcptop.bpf.KernelTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small tmpfs to fill up; the test is skipped (or fails, in CI) where mounting is refused. */
final class TinyDisk {
  private TinyDisk() {}

  static Path mount(Path mountPoint, String size) throws Exception {
    Path mnt = Files.createDirectories(mountPoint);
    Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mnt.toString()).inheritIO().start();
    if (m.waitFor() != 0) {
      KernelTestSupport.unavailable("cannot mount a tmpfs to fill up");
    }
    return mnt;
  }

  static void unmount(Path mnt) throws Exception {
    new ProcessBuilder("umount", "-l", mnt.toString()).inheritIO().start().waitFor();
  }
}
