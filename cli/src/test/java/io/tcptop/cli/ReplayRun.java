package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

/** 'tcptop replay JOURNAL --format jsonl', run in-process: stdout and stderr. */
record ReplayRun(String out, String err) {
  static ReplayRun jsonl(Path journal) {
    Cli.Result r = Cli.run("replay", journal.toString(), "--format", "jsonl");
    assertEquals(0, r.exit(), r.err());
    return new ReplayRun(r.out(), r.err());
  }
}
