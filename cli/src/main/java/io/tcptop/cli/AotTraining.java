package io.tcptop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The build's training run for the JVM's AOT cache (scripts/aot-train.sh): the commands whose
 * start-up the cache should hold, run one after another in one JVM, which JDK 25 needs (it
 * records one run). Started as {@code java -Dtcptop.aotTraining=true -jar tcptop.jar JOURNAL DIR}
 * so that the JVM options, the jar and so the cache are those of a normal launch.
 */
final class AotTraining {
  static final String PROPERTY = "tcptop.aotTraining";

  private AotTraining() {}

  /** The command lines trained on: a replay and each analysis of a journal, and some help. */
  static List<List<String>> commands(Path journal, Path scratch) {
    String j = journal.toString();
    String export = scratch.resolve("export").toString();
    return List.of(
        List.of("--help"),
        List.of("replay", j),
        List.of("replay", j, "--format", "jsonl"),
        List.of("replay", j, "--format", "csv", "--interval", "1s"),
        List.of("analyze", "export", j, "-o", export),
        List.of("analyze", "top", export),
        List.of("analyze", "top", export, "--by", "rate", "--format", "csv"),
        List.of("analyze", "timeline", export),
        List.of("analyze", "summary", export),
        List.of("analyze", "sql", export, "select comm, sum(bytes) from events group by 1 order by 2 desc"));
  }

  /** Runs every command; stops at the first that fails and returns its exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length != 2) {
      err.println("tcptop AOT training: expected JOURNAL SCRATCH_DIR, got " + List.of(args));
      err.flush();
      return 2;
    }
    for (List<String> command : commands(Path.of(args[0]), Path.of(args[1]))) {
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
