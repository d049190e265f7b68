package io.tcptop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build's training runs for the JVM's AOT caches (scripts/aot-train.sh): the commands whose
 * start-up a cache should hold, run one after another in one JVM, which JDK 25 needs (it records
 * one run per cache). Started as {@code java -Dtcptop.aotTraining=SET -cp tcptop.jar io.tcptop.cli.Tcptop JOURNAL DIR}
 * so that the JVM options and the jar, and so the cache, are those of a normal launch.
 *
 * <p>There are several sets because a JVM maps, relocates and loads every class of its cache at
 * start-up, and the commands need rather different ones: {@code replay} (Chronicle and the views;
 * record uses it too), {@code slice} (slice, dump and the help: their writers, the scrubbing's
 * cryptography and every command's annotations, which would cost a replay's start to carry),
 * {@code export} (Chronicle and the Parquet writer, and DuckDB for an analysis of a journal, which
 * exports it first), {@code query} (DuckDB over an export, which the export set leaves in DIR: the
 * analyses) and {@code top} (Chronicle, the player, the screen and JLine's terminal). {@code top}
 * needs a terminal and keys: the build runs it in a pseudo-terminal and types them
 * (scripts/aot-train.sh). {@code package} is replay's and slice's together, for the Debian
 * package, whose launcher passes one cache to every command.
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
          List.of("replay", j),
          List.of("replay", j, "--format", "jsonl"),
          List.of("replay", j, "--format", "csv", "--interval", "1s"));
      case "slice" -> List.of(
          List.of("--help"),
          List.of("slice", j, "-o", scratch.resolve("slice").toString(), "--force"),
          List.of("slice", j, "-o", scratch.resolve("scrubbed").toString(), "--force", "--scrub", "--tcp"),
          List.of("dump", j, "-o", scratch.resolve("dump").toString(), "--force"));
      case "package" -> Stream.concat(commands("replay", journal, scratch).stream(),
          commands("slice", journal, scratch).stream()).toList();
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
      err.println("tcptop AOT training: expected -D" + PROPERTY + "=replay|slice|export|query|top|package JOURNAL SCRATCH_DIR, got "
          + set + " " + List.of(args));
      err.flush();
      return 2;
    }
    for (List<String> command : commands(set, Path.of(args[0]), Path.of(args[1]))) {
      String[] line = command.toArray(String[]::new);
      // The way main runs a command, early terminal included: a class the cache lacks makes the JVM
      // open the 10,000-entry jar and parse and verify it at every start (20 ms before this).
      EarlyTerminal.start(line);
      int code;
      try {
        code = Tcptop.execute(line, out, err);
      } finally {
        EarlyTerminal.discard();
      }
      if (code != 0) {
        err.println("tcptop AOT training: 'tcptop " + String.join(" ", command) + "' exited with " + code);
        err.flush();
        return code;
      }
    }
    return 0;
  }
}
