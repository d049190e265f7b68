package io.tcptop.journal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.queue.RollCycle;
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

  /** One cycle file per UTC day; readers take the cycle from the journal's table. */
  static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;

  static SingleChronicleQueue forWriting(Path dir, long blockSize, LongSupplier millisClock) {
    SingleChronicleQueueBuilder b = SingleChronicleQueueBuilder.binary(dir)
        .rollCycle(ROLL_CYCLE)
        .blockSize(blockSize);
    if (millisClock != null) {
      b.timeProvider(millisClock::getAsLong);
    }
    return b.build();
  }

  /** The file Chronicle keeps {@code cycle} in (named by the cycle's start, as Chronicle names it: UTC). */
  static Path cycleFile(SingleChronicleQueue queue, int cycle) {
    return queue.file().toPath().resolve(cycleName(queue.rollCycle(), queue.epoch(), cycle) + SingleChronicleQueue.SUFFIX);
  }

  /** The name of {@code cycle}'s file without its suffix, e.g. 20261120F. */
  static String cycleName(RollCycle rollCycle, long epoch, int cycle) {
    return DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC)
        .format(Instant.ofEpochMilli(epoch + (long) cycle * rollCycle.lengthInMillis()));
  }

  static SingleChronicleQueue forReading(Path dir) {
    return SingleChronicleQueueBuilder.binary(dir).rollCycle(ROLL_CYCLE).readOnly(true).build();
  }
}
