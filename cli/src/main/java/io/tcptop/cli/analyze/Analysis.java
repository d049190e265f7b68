package io.tcptop.cli.analyze;

import io.tcptop.analyze.export.EventRowSet;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.sql.Database;
import io.tcptop.analyze.sql.OwnerFilter;
import io.tcptop.analyze.sql.Sources;
import io.tcptop.cli.DamageNotes;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Opens a SOURCE as a database with the views, runs something on it, and cleans up. A journal
 * in the SOURCE that was exported past damage gets its notes on stderr, and the exit code says so.
 */
final class Analysis {
  private Analysis() {}

  /** Returns the command's exit code: 0, or {@link DamageNotes#EXIT_DAMAGED}. */
  static int run(String source, PrintWriter err, Consumer<Database> work) {
    return run(source, OwnerFilter.NONE, err, work);
  }

  /** As {@link #run(String, PrintWriter, Consumer)}, the views showing only what {@code filter} keeps. */
  static int run(String source, OwnerFilter filter, PrintWriter err, Consumer<Database> work) {
    return run(source, filter, EventRowSet.ALL, err, work);
  }

  /** @param eventRows which of a journal's records its temporary export writes as events rows */
  static int run(String source, OwnerFilter filter, EventRowSet eventRows, PrintWriter err, Consumer<Database> work) {
    Progress progress = ProgressBars.forTerminal();
    Sources sources;
    try {
      sources = Sources.resolve(source, progress, null, eventRows);
    } finally {
      ProgressBars.close(progress);
    }
    int exit = DamageNotes.print(err, sources.damaged());
    err.flush();
    try (sources; Database db = Database.open(sources.exports(), filter)) {
      work.accept(db);
    }
    return exit;
  }
}
