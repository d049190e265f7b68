package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees at the command line: exit codes, one-line errors, help and version. */
class CommandLineTest {
  @TempDir Path tmp;
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Tcptop.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  static void assertOneLineError(Run r, String expected) {
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
    assertTrue(r.err().contains(expected), r.err());
    assertTrue(r.out().isEmpty(), r.out());
  }

  @Test
  void replayOfAMissingPathSaysSo() {
    assertOneLineError(run("replay", tmp.resolve("nope").toString()), "no such journal");
  }

  @Test
  void replayOfAFileSaysItIsNotAJournal() throws Exception {
    assertOneLineError(run("replay", Files.writeString(tmp.resolve("f"), "x").toString()), "is a file");
  }

  @Test
  void replayOfAnEmptyDirectorySaysSo() throws Exception {
    assertOneLineError(run("replay", Files.createDirectory(tmp.resolve("d")).toString()), "empty directory");
  }

  @Test
  void replayOfAnotherDirectorySaysItIsNotAJournal() throws Exception {
    Path d = Files.createDirectory(tmp.resolve("d"));
    Files.writeString(d.resolve("a.txt"), "x");
    assertOneLineError(run("replay", d.toString()), "not a tcptop journal");
  }

  @Test
  void verboseShowsTheStackTrace() {
    Run r = run("replay", "--verbose", tmp.resolve("nope").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("\tat io.tcptop"), r.err());
  }

  @Test
  void badOptionGivesUsageAndExitCodeTwo() {
    Run r = run("replay", "--no-such-option", FIXTURES.resolve("tcp-v4").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Unknown option"), r.err());
    assertTrue(r.err().contains("Usage: tcptop replay"), r.err());
  }

  @Test
  void badValuesAreUsageErrors() {
    String j = FIXTURES.resolve("tcp-v4").toString();
    assertEquals(2, run("replay", j, "--format", "xml").code());
    assertEquals(2, run("replay", j, "--interval", "soon").code());
    assertEquals(2, run("replay", j, "--speed", "-3").code());
    assertEquals(2, run("replay", j, "--from", "yesterday").code());
    assertEquals(2, run("replay", j, "--tcp", "--udp").code());
    assertEquals(2, run("replay").code());
  }

  @Test
  void versionAndHelpExitZero() {
    Run v = run("--version");
    assertEquals(0, v.code());
    assertTrue(v.out().startsWith("tcptop "), v.out());
    Run h = run("replay", "--help");
    assertEquals(0, h.code());
    assertTrue(h.out().contains("--format"));
  }

  @Test
  void helpAndAnUnknownCommandShowEveryCommand() {
    Run h = run("--help");
    assertEquals(0, h.code());
    Run typo = run("--verbose", "replya", "x");
    assertEquals(2, typo.code());
    assertTrue(typo.err().contains("Unmatched arguments from index 1: 'replya'"), typo.err());
    for (String usage : new String[] {h.out(), typo.err()}) {
      for (String command : new String[] {"record", "replay", "analyze"}) {
        assertTrue(usage.contains("\n  " + command + " "), command + " missing from: " + usage);
      }
    }
  }

  @Test
  void aCommandAfterTheRootOptionStillRuns() {
    Run r = run("--verbose", "replay", FIXTURES.resolve("tcp-v4").toString(), "--format", "csv");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("ts,proto,"), r.out());
  }

  @Test
  void truncatedJournalReplaysAndSaysItHasNoEnd() {
    Run r = run("replay", FIXTURES.resolve("truncated-tail").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("no END record"), r.err());
    assertFalse(r.out().isEmpty());
  }

  @Test
  void filtersKeepOnlyMatchingConnections() {
    String j = FIXTURES.resolve("many-connections").toString();
    Run all = run("replay", j, "--format", "csv");
    Run udp = run("replay", j, "--format", "csv", "--udp");
    Run pid = run("replay", j, "--format", "csv", "--pid", "1007");
    assertEquals(0, udp.code());
    assertTrue(udp.out().lines().skip(1).allMatch(l -> l.contains(",udp,")));
    assertTrue(udp.out().lines().count() > 10);
    assertTrue(pid.out().lines().skip(1).allMatch(l -> l.split(",")[6].equals("1007")));
    assertTrue(pid.out().lines().count() > 2);
    assertTrue(all.out().lines().count() > udp.out().lines().count() + pid.out().lines().count());
  }

  @Test
  void reticksFromEventTimeWithInterval() {
    String j = FIXTURES.resolve("tcp-v4").toString();
    Run r = run("replay", j, "--format", "jsonl", "--interval", "500ms");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"ts\":\"2026-11-20T10:00:00.500000000Z\""), r.out());
    long lastIn = r.out().lines().filter(l -> l.contains("\"local_port\":40000"))
        .reduce((a, b) -> b).map(l -> Long.parseLong(l.replaceAll(".*\"bytes_in\":(\\d+).*", "$1"))).orElseThrow();
    assertEquals(4_502_548, lastIn, "re-ticking never changes totals");
  }

  @Test
  void realtimeSpeedPacesTicksLikeTheSession() {
    String j = FIXTURES.resolve("tcp-v4").toString(); // 3.5 s of event time
    long start = System.nanoTime();
    Run paced = run("replay", j, "--speed", "10");
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, paced.code(), paced.err());
    assertTrue(elapsedMs >= 300, "10x of 3.5 s must take at least 0.3 s, took " + elapsedMs + " ms");
    assertEquals(run("replay", j).out(), paced.out(), "pacing never changes what is printed");
  }

  @Test
  void timeWindowShowsOnlyTicksInside() {
    String j = FIXTURES.resolve("tcp-v6").toString();
    Run r = run("replay", j, "--format", "csv", "--from", "+2s", "--to", "10:00:02");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().lines().skip(1).allMatch(l -> l.startsWith("2026-11-20T10:00:02.000000000Z")), r.out());
    assertTrue(r.out().lines().count() > 1);
  }
}
