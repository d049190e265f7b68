package io.tcptop.cli;

import io.tcptop.error.UsageException;
import io.tcptop.journal.JournalSource;
import io.tcptop.util.TimeArg;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tcptop slice}: a window and some connections of a journal, as a journal of its own. */
@Command(
    name = "slice",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Writes a window of a journal, and only the connections that match the filters, as a new "
            + "journal: a session of its own (its header names the session and window it came from) "
            + "that starts with the state a reader needs. Its replay prints what replay of the "
            + "original prints for that window and those filters.",
        "With --scrub, addresses and names are replaced so that the slice can leave the host; see "
            + "README.md for what that hides and what it does not."})
public final class SliceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOURNAL", description = "The journal to slice.")
  Path journal;

  @Option(names = "--from", paramLabel = "TIME",
      description = "The window's start: 2026-11-26T14:02:03Z, 14:02:03 (a time of day in --tz) or +30s from the start.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "The window's end (same forms as --from).")
  String to;

  @Mixin SliceOptions slice;

  @Mixin ZoneOption tz;

  @Override
  public Integer call() {
    slice.check(journal);
    try (JournalSource source = JournalSource.open(journal)) {
      long start = source.header().startEpochNs();
      long fromNs = from == null ? Long.MIN_VALUE : new TimeArg(from).toEpochNs(start, tz.zone());
      long toNs = to == null ? Long.MAX_VALUE : new TimeArg(to).toEpochNs(start, tz.zone());
      if (fromNs > toNs) {
        throw new UsageException("--from is after --to");
      }
      return Slicing.run(source, journal, slice, fromNs, toNs, spec.commandLine().getErr(), "sliced");
    }
  }
}
