package io.tcptop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The build's training runs for the JVM's AOT caches (scripts/aot-train.sh): the commands whose
 * start-up a cache should hold, run one after another in one JVM, which JDK 25 needs (it records
 * one run per cache). Started as {@code java -Dtcptop.aotTraining=SET -cp tcptop.jar io.tcptop.cli.Tcptop JOURNAL DIR}
 * so that the JVM options and the jar, and so the cache, are those of a normal launch.
 *
 * <p>There are four sets because a JVM loads every class of its cache at start-up, and the
 * commands need rather different ones: {@code replay} (Chronicle and the views; record and help
 * use it too), {@code export} (Chronicle and the Parquet writer, and DuckDB for an analysis of a
 * journal, which exports it first), {@code query} (DuckDB over
 * an export, which the export set leaves in DIR: the analyses) and {@code top} (Chronicle, the
 * player, the screen and JLine's terminal). {@code top} needs a terminal and keys: the build runs
 * it in a pseudo-terminal and types them (scripts/aot-train.sh).
 */
final class AotTraining {
  static final String PROPERTY = "tcptop.aotTraining";

  private AotTraining() {}

  /** The command lines a set trains on: a journal, and a scratch directory for the export. */
  static List<List<String>> commands(String set, Path journal, Path scratch) {
    String j = journal.toString();
    String export = scratch.resolve("export").toString();
    return switch (set) {
      case "replay" -> List.of(
          List.of("--help"),
          List.of("replay", j),
          List.of("replay", j, "--format", "jsonl"),
          List.of("replay", j, "--format", "csv", "--interval", "1s"),
          List.of("slice", j, "-o", scratch.resolve("slice").toString(), "--force"),
          List.of("slice", j, "-o", scratch.resolve("scrubbed").toString(), "--force", "--scrub", "--tcp"),
          List.of("dump", j, "-o", scratch.resolve("dump").toString(), "--force"));
      // An analysis of a journal exports it first: the launcher starts it from this set, so it
      // trains on the analyses people run on journals too (Chronicle, Parquet and DuckDB).
      case "export" -> List.of(
          List.of("analyze", "export", j, "-o", export, "--force"),
          List.of("analyze", "report", j, "-o", scratch.resolve("report-of-journal.html").toString(), "--force"),
          List.of("analyze", "top", j));
      case "top" -> List.of(
          List.of("top", j));
      case "query" -> List.of(
          List.of("analyze", "top", export),
          List.of("analyze", "top", export, "--by", "rate", "--format", "csv"),
          List.of("analyze", "timeline", export),
          List.of("analyze", "summary", export),
          List.of("analyze", "report", export, "-o", scratch.resolve("report.html").toString(), "--force"),
          List.of("analyze", "sql", export, "select comm, sum(bytes) from events group by 1 order by 2 desc"));
      default -> List.of();
    };
  }

  /** Runs every command of the set; stops at the first that fails and returns its exit code. */
  static int run(String set, String[] args, PrintWriter out, PrintWriter err) {
    if (args.length != 2 || commands(set, Path.of("j"), Path.of("s")).isEmpty()) {
      err.println("tcptop AOT training: expected -D" + PROPERTY + "=replay|export|query|top JOURNAL SCRATCH_DIR, got "
          + set + " " + List.of(args));
      err.flush();
      return 2;
    }
    for (List<String> command : commands(set, Path.of(args[0]), Path.of(args[1]))) {
      int code = Tcptop.execute(command.toArray(String[]::new), out, err);
      if (code != 0) {
        err.println("tcptop AOT training: 'tcptop " + String.join(" ", command) + "' exited with " + code);
        err.flush();
        return code;
      }
    }
    return 0;
  }
}
