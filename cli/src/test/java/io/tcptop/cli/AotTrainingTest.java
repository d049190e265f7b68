package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's AOT training runs: every command they train on must succeed, or package fails. */
class AotTrainingTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");

  @TempDir Path tmp;

  static int train(String set, String journal, String scratch, StringWriter out, StringWriter err) {
    return AotTraining.run(set, new String[] {journal, scratch}, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void everyReplayCommandSucceedsOnTheTrainingJournal() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, train("replay", FIXTURES.resolve("recorded-loopback").toString(), tmp.toString(), out, err), err.toString());
    assertTrue(out.toString().contains("\"bytes_in\""), "replay's JSON lines were trained on");
    assertFalse(out.toString().contains("Usage: tcptop"), "the help is the slice set's, not replay's");
  }

  @Test
  void everySliceCommandAndTheHelpSucceedOnTheTrainingJournal() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, train("slice", FIXTURES.resolve("recorded-loopback").toString(), tmp.toString(), out, err), err.toString());
    assertTrue(out.toString().contains("Usage: tcptop"), "help was trained on");
    for (String written : new String[] {"slice", "scrubbed", "dump"}) {
      assertTrue(Files.isRegularFile(tmp.resolve(written).resolve("metadata.cq4t")), written + " was trained on");
    }
    assertTrue(err.toString().contains("sliced ") && err.toString().contains("dumped "), err.toString());
  }

  @Test
  void thePackagesSetIsReplaysAndSlicesTogether() {
    Path j = Path.of("j");
    Path s = Path.of("s");
    java.util.List<java.util.List<String>> both = new java.util.ArrayList<>(AotTraining.commands("replay", j, s));
    both.addAll(AotTraining.commands("slice", j, s));
    assertEquals(both, AotTraining.commands("package", j, s));
  }

  @Test
  void everyAnalysisSucceedsOnTheExportOfTheTrainingJournal() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String journal = FIXTURES.resolve("recorded-loopback").toString();
    assertEquals(0, train("export", journal, tmp.toString(), new StringWriter(), err), err.toString());
    assertTrue(Files.isDirectory(tmp.resolve("export/events")));
    assertEquals(0, train("query", journal, tmp.toString(), out, err), err.toString());
    assertTrue(out.toString().contains("fixture-traffic"), out.toString());
    assertTrue(Files.isRegularFile(tmp.resolve("report.html")), "the HTML report was trained on");
  }

  @Test
  void theTopSetPlaysTheJournalAndNeedsATerminal() {
    assertEquals(java.util.List.of(java.util.List.of("top", "j")), AotTraining.commands("top", Path.of("j"), Path.of("s")));
    // Without a terminal it is the usage error a user gets: the build runs it in a pseudo-terminal.
    StringWriter err = new StringWriter();
    assertEquals(2, train("top", FIXTURES.resolve("recorded-loopback").toString(), tmp.toString(), new StringWriter(), err));
    assertTrue(err.toString().contains("not a terminal"), err.toString());
  }

  @Test
  void aFailingCommandStopsTheTrainingWithItsExitCode() {
    StringWriter err = new StringWriter();
    String journal = tmp.resolve("no-such-journal").toString();
    assertEquals(1, train("replay", journal, tmp.toString(), new StringWriter(), err));
    assertTrue(err.toString().contains("'tcptop replay " + journal + "' exited with 1"), err.toString());
  }

  @Test
  void anUnknownSetIsRefused() {
    StringWriter err = new StringWriter();
    assertEquals(2, train("record", "j", tmp.toString(), new StringWriter(), err));
    assertTrue(err.toString().contains("replay|slice|export|query|top|package"), err.toString());
  }
}
