package io.tcptop.journal;

import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** The one place that configures Chronicle Queue: silent, no analytics, our roll cycle. */
final class Chronicle {
  private Chronicle() {}

  static {
    quiet();
  }

  /** Chronicle phones home and prints banners unless told not to before its classes load. */
  static void quiet() {
    System.setProperty("chronicle.analytics.disable", "true");
    System.setProperty("chronicle.announcer.disable", "true");
    System.setProperty("chronicle.disk.monitor.disable", "true");
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
