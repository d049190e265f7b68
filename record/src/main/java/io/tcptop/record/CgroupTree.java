package io.tcptop.record;

import io.tcptop.bpf.Cgroup2Mount;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.BiConsumer;

/** The cgroup v2 hierarchy as directories: each cgroup's path and id (its directory's inode). */
final class CgroupTree {
  private CgroupTree() {}

  /** Hands every cgroup of the hierarchy to {@code visitor}; cgroups removed while it looks are left out. */
  static void walk(Cgroup2Mount mount, BiConsumer<Path, Long> visitor) {
    try {
      Files.walkFileTree(mount.mountPoint(), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          long id = inode(dir);
          if (id > 0) {
            visitor.accept(dir, id);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // removed while we looked
        }
      });
    } catch (IOException e) {
      // the mount point itself went away: nothing to visit
    }
  }

  /** A cgroup's id: its directory's inode number; -1 when it does not exist (any more). */
  static long inode(Path dir) {
    try {
      return (Long) Files.getAttribute(dir, "unix:ino");
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }
}
