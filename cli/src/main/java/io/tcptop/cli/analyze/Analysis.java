package io.tcptop.cli.analyze;

import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.sql.Database;
import io.tcptop.analyze.sql.Sources;
import java.util.function.Consumer;

/** Opens a SOURCE as a database with the views, runs something on it, and cleans up. */
final class Analysis {
  private Analysis() {}

  static void run(String source, Consumer<Database> work) {
    Progress progress = ProgressBars.forTerminal();
    Sources sources;
    try {
      sources = Sources.resolve(source, progress);
    } finally {
      ProgressBars.close(progress);
    }
    try (sources; Database db = Database.open(sources.exports())) {
      work.accept(db);
    }
  }
}
