package io.tcptop.cli;

import io.tcptop.event.EventSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every command says on stderr about the damaged parts of a journal it read past, one line
 * each, and the exit code that goes with them: stdout still holds everything that could be read.
 */
public final class DamageNotes {
  private DamageNotes() {}

  /** The exit code of a command that skipped damaged parts of a journal. */
  public static final int EXIT_DAMAGED = 3;

  /** Prints one line per damaged part of {@code journal}; returns the exit code: 0, or {@link #EXIT_DAMAGED}. */
  public static int print(PrintWriter err, Path journal, EventSource.Outcome outcome) {
    for (EventSource.Damage d : outcome.damage()) {
      String lost = d.recordsLost() < 0 ? "an unknown number of records lost"
          : d.recordsLost() == 0 ? "no records lost" : plural(d.recordsLost(), "record") + " lost";
      err.println("tcptop: damaged: " + d.file() + " at byte " + d.offset() + ": " + d.why() + "; " + lost);
    }
    if (outcome.recordsOfLostFlows() > 0) {
      err.println("tcptop: damaged: " + journal + ": " + plural(outcome.recordsOfLostFlows(), "later record")
          + " of connections described only in damaged parts skipped");
    }
    return outcome.damaged() ? EXIT_DAMAGED : 0;
  }

  /** The same for several journals; returns 0, or {@link #EXIT_DAMAGED} when any was damaged. */
  public static int print(PrintWriter err, Map<Path, EventSource.Outcome> outcomes) {
    int exit = 0;
    for (var e : outcomes.entrySet()) {
      exit = Math.max(exit, print(err, e.getKey(), e.getValue()));
    }
    return exit;
  }

  private static String plural(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
