package io.tcptop.journal;

import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.posix.internal.PosixAPIHolder;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** The one place that configures Chronicle Queue: silent, no analytics, our roll cycle. */
final class Chronicle {
  private Chronicle() {}

  static {
    quiet();
    withoutNativeHelpers();
  }

  /** Chronicle phones home and prints banners unless told not to before its classes load. */
  static void quiet() {
    System.setProperty("chronicle.analytics.disable", "true");
    System.setProperty("chronicle.announcer.disable", "true");
    System.setProperty("chronicle.disk.monitor.disable", "true");
  }

  /**
   * Chronicle's first use loads jnr-ffi (for POSIX calls) and, through JNA, a thread-affinity
   * library, unpacking their native parts into the user's home: a third of a replay's start-up.
   * tcptop uses neither: it never pins threads or locks memory, and the one POSIX call Chronicle
   * makes on tcptop's paths is msync(MS_ASYNC) when a mapped chunk is released, which Linux
   * treats as a no-op. So Chronicle gets its no-op POSIX provider, and JNA is not let unpack its
   * library nor touch its cache directory (affinity then falls back to its no-op implementation).
   * Both must happen before Chronicle's core initialises; a user's own -Djna.* settings win.
   */
  static void withoutNativeHelpers() {
    if (PosixAPIHolder.POSIX_API == null) {
      PosixAPIHolder.useNoOpPosixApi();
    }
    setIfAbsent("jna.noclasspath", "true");
    setIfAbsent("jna.nounpack", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  static SingleChronicleQueue forWriting(Path dir, long blockSize, LongSupplier millisClock) {
    SingleChronicleQueueBuilder b = SingleChronicleQueueBuilder.binary(dir)
        .rollCycle(RollCycles.FAST_DAILY)
        .blockSize(blockSize);
    if (millisClock != null) {
      b.timeProvider(millisClock::getAsLong);
    }
    return b.build();
  }

  static SingleChronicleQueue forReading(Path dir) {
    return SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY).readOnly(true).build();
  }
}
