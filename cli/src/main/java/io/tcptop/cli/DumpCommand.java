package io.tcptop.cli;

import io.tcptop.error.UsageException;
import io.tcptop.journal.JournalSource;
import io.tcptop.util.TimeArg;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tcptop dump}: a window of a journal that a recorder is still writing, saved on its own. */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Copies a window out of a journal that a recorder is writing (a rolling recorder's directory, "
            + "or any journal), into a new standalone journal, without stopping or slowing the recorder: "
            + "it reads the journal read-only, up to what the recorder has written when the dump starts.",
        "The dump is a session of its own, like a slice (same options), and replays on its own."})
public final class DumpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The journal directory a recorder writes (e.g. the service's /var/lib/tcptop/journal).")
  Path journal;

  @ArgGroup(exclusive = true)
  Window window;

  static final class Window {
    @Option(names = "--last", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "The last DURATION up to now (e.g. 10m). Default: everything the journal holds.")
    Long lastNs;

    @ArgGroup(exclusive = false)
    Range range;
  }

  static final class Range {
    @Option(names = "--from", paramLabel = "TIME", description = "The window's start: an instant, a time of day in --tz, or +30s from the session's start.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "The window's end (same forms as --from). Default: now.")
    String to;
  }

  @Mixin SliceOptions slice;

  @Mixin ZoneOption tz;

  @Override
  public Integer call() {
    slice.check(journal);
    try (JournalSource source = JournalSource.open(journal)) {
      // Now is once the journal is open: on a busy host opening can take seconds, in which a
      // short rolling window moves on.
      long now = nowEpochNs();
      long start = source.header().startEpochNs();
      long fromNs = Long.MIN_VALUE;
      long toNs = now;
      if (window != null && window.lastNs != null) {
        fromNs = now - window.lastNs;
      } else if (window != null && window.range != null) {
        Range r = window.range;
        fromNs = r.from == null ? Long.MIN_VALUE : new TimeArg(r.from).toEpochNs(start, tz.zone());
        toNs = r.to == null ? now : new TimeArg(r.to).toEpochNs(start, tz.zone());
      }
      if (fromNs > toNs) {
        throw new UsageException("--from is after --to");
      }
      return Slicing.run(source, journal, slice, fromNs, toNs, spec.commandLine().getErr(), "dumped");
    }
  }

  private static long nowEpochNs() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
