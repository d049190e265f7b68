package io.tcptop.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.replay.ReplayCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** 'tcptop replay JOURNAL --format jsonl', run in-process: stdout and stderr. */
record ReplayRun(String out, String err) {
  static ReplayRun jsonl(Path journal) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ReplayCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertEquals(0, cl.execute(journal.toString(), "--format", "jsonl"), err.toString());
    return new ReplayRun(out.toString(), err.toString());
  }
}
