package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees at the command line: exit codes, one-line errors, help and version. */
class CommandLineTest {
  @TempDir Path tmp;
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");

  static Cli.Result run(String... args) {
    return Cli.run(args);
  }

  static void assertOneLineError(Cli.Result r, String expected) {
    assertEquals(1, r.exit(), r.err());
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
    Cli.Result r = run("replay", "--verbose", tmp.resolve("nope").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("\tat io.tcptop"), r.err());
  }

  @Test
  void badOptionGivesOneLineAndWhereHelpIsWithExitCodeTwo() {
    Cli.Result r = run("replay", "--no-such-option", FIXTURES.resolve("tcp-v4").toString());
    assertUsageError(r, "tcptop replay", "Unknown option: '--no-such-option'");
  }

  @Test
  void badValuesAreUsageErrors() {
    String j = FIXTURES.resolve("tcp-v4").toString();
    assertEquals(2, run("replay", j, "--format", "xml").exit());
    assertEquals(2, run("replay", j, "--interval", "soon").exit());
    assertEquals(2, run("replay", j, "--speed", "-3").exit());
    assertEquals(2, run("replay", j, "--from", "yesterday").exit());
    assertEquals(2, run("replay", j, "--tcp", "--udp").exit());
    assertEquals(2, run("replay").exit());
  }

  @Test
  void versionAndHelpExitZero() {
    Cli.Result v = run("--version");
    assertEquals(0, v.exit());
    assertTrue(v.out().startsWith("tcptop "), v.out());
    Cli.Result h = run("replay", "--help");
    assertEquals(0, h.exit());
    assertTrue(h.out().contains("--format"));
  }

  @Test
  void helpAndAnUnknownCommandShowEveryCommand() {
    // Only the named subcommand is built; help and an unknown name must still see them all.
    Cli.Result h = run("--help");
    assertEquals(0, h.exit());
    for (String command : new String[] {"record", "replay", "top", "slice", "dump", "analyze"}) {
      assertTrue(h.out().contains("\n  " + command + " "), command + " missing from: " + h.out());
    }
    Cli.Result typo = run("--verbose", "replya", "x");
    assertEquals(2, typo.exit());
    assertTrue(typo.err().contains("Unmatched arguments from index 1: 'replya'"), typo.err());
  }

  @Test
  void aCommandAfterTheRootOptionStillRuns() {
    Cli.Result r = run("--verbose", "replay", FIXTURES.resolve("tcp-v4").toString(), "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("ts,proto,"), r.out());
  }

  @Test
  void truncatedJournalReplaysAndSaysItHasNoEnd() {
    Cli.Result r = run("replay", FIXTURES.resolve("truncated-tail").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("no END record"), r.err());
    assertFalse(r.out().isEmpty());
  }

  @Test
  void filtersKeepOnlyMatchingConnections() {
    String j = FIXTURES.resolve("many-connections").toString();
    Cli.Result all = run("replay", j, "--format", "csv");
    Cli.Result udp = run("replay", j, "--format", "csv", "--udp");
    Cli.Result pid = run("replay", j, "--format", "csv", "--pid", "1007");
    assertEquals(0, udp.exit());
    assertTrue(udp.out().lines().skip(1).allMatch(l -> l.contains(",udp,")));
    assertTrue(udp.out().lines().count() > 10);
    assertTrue(pid.out().lines().skip(1).allMatch(l -> l.split(",")[6].equals("1007")));
    assertTrue(pid.out().lines().count() > 2);
    assertTrue(all.out().lines().count() > udp.out().lines().count() + pid.out().lines().count());
  }

  @Test
  void reticksFromEventTimeWithInterval() {
    String j = FIXTURES.resolve("tcp-v4").toString();
    Cli.Result r = run("replay", j, "--format", "jsonl", "--interval", "500ms");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"ts\":\"2026-11-20T10:00:00.500000000Z\""), r.out());
    long lastIn = r.out().lines().filter(l -> l.contains("\"local_port\":40000"))
        .reduce((a, b) -> b).map(l -> Long.parseLong(l.replaceAll(".*\"bytes_in\":(\\d+).*", "$1"))).orElseThrow();
    assertEquals(4_502_548, lastIn, "re-ticking never changes totals");
  }

  @Test
  void realtimeSpeedPacesTicksLikeTheSession() {
    String j = FIXTURES.resolve("tcp-v4").toString(); // 3.5 s of event time
    long start = System.nanoTime();
    Cli.Result paced = run("replay", j, "--speed", "10");
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, paced.exit(), paced.err());
    assertTrue(elapsedMs >= 300, "10x of 3.5 s must take at least 0.3 s, took " + elapsedMs + " ms");
    assertEquals(run("replay", j).out(), paced.out(), "pacing never changes what is printed");
  }

  @Test
  void timeWindowShowsOnlyTicksInside() {
    String j = FIXTURES.resolve("tcp-v6").toString();
    Cli.Result r = run("replay", j, "--format", "csv", "--from", "+2s", "--to", "10:00:02");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().lines().skip(1).allMatch(l -> l.startsWith("2026-11-20T10:00:02.000000000Z")), r.out());
    assertTrue(r.out().lines().count() > 1);
  }

  @Test
  void versionWorksOnEverySubcommand() {
    List<List<String>> commands = new ArrayList<>();
    collect(Tcptop.commandLine(), new ArrayList<>(), commands);
    assertTrue(commands.size() >= 9, commands.toString());
    String expected = run("--version").out();
    assertTrue(expected.matches("tcptop \\S+\\R"), expected);
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--version");
      Cli.Result r = run(args.toArray(String[]::new));
      assertEquals(0, r.exit(), args + ": " + r.err());
      assertEquals(expected, r.out(), args.toString());
    }
  }

  private static void collect(picocli.CommandLine cl, List<String> path, List<List<String>> into) {
    into.add(path);
    for (var e : cl.getSubcommands().entrySet()) {
      List<String> sub = new ArrayList<>(path);
      sub.add(e.getKey());
      collect(e.getValue(), sub, into);
    }
  }

  /** A usage error: the problem in one line naming the whole command, then where help is; exit 2. */
  static void assertUsageError(Cli.Result r, String command, String fragment) {
    assertEquals(2, r.exit(), r.err());
    List<String> lines = r.errLines();
    assertEquals(2, lines.size(), "two lines, no usage dump: " + r.err());
    assertTrue(lines.get(0).startsWith(command + ": "), r.err());
    assertTrue(lines.get(0).contains(fragment), "expected '" + fragment + "' in: " + r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("io.tcptop."), "no class names: " + r.err());
    assertEquals("Try '" + command + " --help' for the options.", lines.get(1));
    assertTrue(r.out().isEmpty(), r.out());
  }

  @Test
  void badValuesAreOneLineUsageErrorsNamingTheCommand() {
    String j = FIXTURES.resolve("tcp-v4").toString();
    String out = tmp.resolve("never").toString();
    assertUsageError(run("replay", j, "--interval", "0s"), "tcptop replay", "'0s' is not a positive duration");
    assertUsageError(run("replay", j, "--interval", "soon"), "tcptop replay", "'soon' is not a duration");
    assertUsageError(run("replay", j, "--pid", "-5"), "tcptop replay", "'-5' is not a process id");
    assertUsageError(run("replay", j, "--port", "70000"), "tcptop replay", "'70000' is not a port");
    assertUsageError(run("replay", j, "--speed", "-3"), "tcptop replay", "--speed -3");
    assertUsageError(run("replay", j, "--no-such-option"), "tcptop replay", "Unknown option: '--no-such-option'");
    assertUsageError(run("record", "-o", out, "--interval", "0s"), "tcptop record", "'0s' is not a positive duration");
    assertUsageError(run("record", "-o", out, "--pid", "-5"), "tcptop record", "'-5' is not a process id");
    assertUsageError(run("record", "-o", out, "--duration", "0"), "tcptop record", "'0' is not a positive duration");
    assertUsageError(Cli.analyze("top", j, "-n", "0"), "tcptop analyze top", "-n 0");
    assertUsageError(Cli.analyze("timeline", j, "--bucket", "0"), "tcptop analyze timeline", "'0' is not a positive duration");
    assertUsageError(Cli.analyze("top"), "tcptop analyze top", "Missing required argument");
    assertUsageError(Cli.analyze("export", j), "tcptop analyze export", "Missing required argument (specify one of these): (-o=DIR | --append=ROOT)");
    assertFalse(Files.exists(tmp.resolve("never")));
  }

  @Test
  void aRequiredSourceIsNotShownAsOptional() {
    for (String report : List.of("top", "timeline", "summary")) {
      Cli.Result help = Cli.analyze(report, "--help");
      assertEquals(0, help.exit(), help.err());
      String usage = help.out().substring(0, help.out().indexOf("\n\n") < 0 ? help.out().length() : help.out().indexOf("\n\n"));
      assertFalse(help.out().contains("[SOURCE]"), help.out());
      assertTrue(usage.replaceAll("\\s+", " ").contains("(SOURCE | --print-sql)"), help.out());
    }
    Cli.Result sql = Cli.analyze("sql", "--help");
    assertFalse(sql.out().contains("[SOURCE]"), sql.out());
  }
}
