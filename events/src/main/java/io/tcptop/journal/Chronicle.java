package io.tcptop.journal;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.posix.internal.PosixAPIHolder;

/** The one place that configures Chronicle Queue: silent, no analytics, our roll cycle. */
final class Chronicle {
  private Chronicle() {}

  static {
    quiet();
    withoutNativeHelpers();
  }

  /**
   * Initialises this class, so the settings above are made before any other use of Chronicle's
   * libraries (checking a store's header parses it with Chronicle Wire before a queue is opened).
   */
  static void ready() {
    // the static initialiser did the work
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
   * Both must happen before Chronicle's core initialises; a user's own -Djna.* settings win. The
   * runnable jar leaves JNA out altogether (cli/pom.xml), so there affinity does not even try;
   * these settings are for class paths that have it (the modules' tests, the benchmarks).
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

  /**
   * The roll cycles tcptop writes: one file a day for a plain recording, one a minute for a
   * rolling one (at 300 k events/s about 300 MB), and one a second for tests of rolling.
   */
  enum Cycle {
    DAILY(RollCycles.FAST_DAILY),
    MINUTELY(LegacyRollCycles.MINUTELY),
    SECONDLY(TestRollCycles.TEST_SECONDLY);

    final RollCycle rollCycle;

    Cycle(RollCycle rollCycle) {
      this.rollCycle = rollCycle;
    }
  }

  static SingleChronicleQueue forWriting(Path dir, long blockSize, LongSupplier millisClock, Cycle cycle) {
    SingleChronicleQueueBuilder b = SingleChronicleQueueBuilder.binary(dir)
        .rollCycle(cycle.rollCycle)
        .blockSize(cycle == Cycle.SECONDLY ? Math.max(blockSize, 1L << 20) : blockSize);
    if (millisClock != null) {
      b.timeProvider(millisClock::getAsLong);
    }
    return b.build();
  }

  /**
   * The queue's cycle files, oldest first, with when each cycle began (from its name, which
   * Chronicle formats in UTC from the roll cycle's pattern) and the disk it takes.
   */
  static List<Retention.CycleFile> cycleFiles(SingleChronicleQueue queue, Path dir) {
    RollCycle rc = queue.rollCycle();
    DateTimeFormatter names = new DateTimeFormatterBuilder().appendPattern(rc.format())
        .parseDefaulting(ChronoField.HOUR_OF_DAY, 0).parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
        .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0).toFormatter(Locale.ROOT).withZone(ZoneOffset.UTC);
    List<Retention.CycleFile> files = new ArrayList<>();
    for (Path p : JournalFiles.stores(dir)) {
      String name = p.getFileName().toString();
      if (!name.endsWith(".cq4") || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      long start;
      try {
        start = LocalDateTime.parse(name.substring(0, name.length() - 4), names).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (DateTimeParseException notOurs) {
        continue; // not a cycle of this queue's roll cycle: not ours to delete
      }
      files.add(new Retention.CycleFile(p, start, rc.lengthInMillis(), Posix.allocatedBytes(p)));
    }
    files.sort(Comparator.comparingLong(Retention.CycleFile::startEpochMs));
    return files;
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
    return SingleChronicleQueueBuilder.binary(dir).rollCycle(Cycle.DAILY.rollCycle).readOnly(true).build();
  }
}
