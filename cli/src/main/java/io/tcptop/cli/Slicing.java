package io.tcptop.cli;

import io.tcptop.error.TcptopException;
import io.tcptop.event.EventSource;
import io.tcptop.journal.JournalWriter;
import io.tcptop.slice.Scrubber;
import io.tcptop.slice.Slicer;
import io.tcptop.view.Timestamps;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** Runs a slice for slice and dump, and says what it wrote. */
final class Slicing {
  private Slicing() {}

  private static String text(long epochNs, String open) {
    return epochNs == Long.MIN_VALUE || epochNs == Long.MAX_VALUE ? open : Timestamps.UTC.iso(epochNs);
  }

  static int run(EventSource source, Path journal, SliceOptions options, long fromNs, long toNs, PrintWriter err, String verb) {
    Scrubber scrubber = options.scrubber(err);
    long t0 = System.nanoTime();
    Slicer.Result r = Slicer.slice(source, options.window(fromNs, toNs, scrubber),
        JournalWriter.create(options.output, JournalWriter.Options.defaults().withForce(options.force)));
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (r.isEmpty()) {
      JournalWriter.discard(options.output);
      throw new TcptopException("the window " + text(fromNs, "the start") + " to " + text(toNs, "the end")
          + " holds nothing of " + journal + ", which runs from " + Timestamps.UTC.iso(r.sourceStartEpochNs())
          + " to " + Timestamps.UTC.iso(r.sourceLastEpochNs()) + ": choose a window inside it");
    }
    err.println(String.format(Locale.ROOT, "%s %s into %s: %d records%s, session %s%s (%.2f s)",
        verb, journal, options.output, r.records(),
        r.firstTickEpochNs() == Long.MIN_VALUE ? "" : ", ticks " + Timestamps.UTC.iso(r.firstTickEpochNs())
            + " to " + Timestamps.UTC.iso(r.lastTickEpochNs()),
        r.session(), scrubber == null ? "" : ", scrubbed", seconds));
    err.flush();
    return 0;
  }
}
