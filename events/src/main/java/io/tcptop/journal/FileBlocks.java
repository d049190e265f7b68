package io.tcptop.journal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The disk a file really takes: its allocated blocks (stat's st_blocks), which the JDK does not
 * expose. Chronicle's cycle files are sparse (20 MiB long, a few KiB used when new), so a size
 * bound counted in file lengths would be wrong by orders of magnitude.
 */
final class FileBlocks {
  private FileBlocks() {}

  /** x86-64 Linux struct stat: 144 bytes, st_blocks (512-byte units) at offset 64. */
  private static final int STAT_SIZE = 144;
  private static final int ST_BLOCKS = 64;
  private static final MethodHandle STAT;

  static {
    Linker linker = Linker.nativeLinker();
    STAT = linker.defaultLookup().find("stat")
        .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS)))
        .orElse(null);
  }

  /** Allocated bytes of {@code file}; its length when the blocks cannot be read. */
  static long allocated(Path file) {
    if (STAT != null) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment st = arena.allocate(STAT_SIZE, 8);
        int rc = (int) STAT.invokeExact(arena.allocateFrom(file.toString()), st);
        if (rc == 0) {
          return st.get(ValueLayout.JAVA_LONG, ST_BLOCKS) * 512;
        }
      } catch (Throwable ignored) {
        // fall back to the length below
      }
    }
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
