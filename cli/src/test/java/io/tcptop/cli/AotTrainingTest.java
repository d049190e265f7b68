package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's AOT training run: every command it trains on must succeed, or package fails. */
class AotTrainingTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");

  @TempDir Path tmp;

  @Test
  void everyTrainedCommandSucceedsOnTheTrainingJournal() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = {FIXTURES.resolve("recorded-loopback").toString(), tmp.toString()};
    assertEquals(0, AotTraining.run(args, new PrintWriter(out), new PrintWriter(err)), err.toString());
    assertTrue(Files.isDirectory(tmp.resolve("export/events")), "the analyses ran on a fresh export");
    assertTrue(out.toString().contains("Usage: tcptop"), "help was trained on");
  }

  @Test
  void aFailingCommandStopsTheTrainingWithItsExitCode() {
    StringWriter err = new StringWriter();
    String[] args = {tmp.resolve("no-such-journal").toString(), tmp.toString()};
    int code = AotTraining.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertEquals(1, code);
    assertTrue(err.toString().contains("'tcptop replay " + args[0] + "' exited with 1"), err.toString());
  }
}
