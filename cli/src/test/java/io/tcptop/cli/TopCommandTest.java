package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.event.TcpState;
import io.tcptop.fixtures.Scenario;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcptop top JOURNAL} end to end, in a real terminal (tmux): the keys over a fixture, every
 * way of leaving puts the terminal back, resizes, and bad input is one line.
 */
class TopCommandTest {
  static final Path FIXTURES = Tmux.repoRoot().resolve("fixtures");

  @TempDir Path tmp;

  static String fixture(String name) {
    return FIXTURES.resolve(name).toString();
  }

  /** The table's row for a process, from a captured screen. */
  static String row(String screen, String comm) {
    return screen.lines().filter(l -> l.matches("^(tcp|udp) .*\\s" + comm + "\\s.*")).findFirst().orElse("");
  }

  @Test
  void withoutATerminalItSaysToUseReplayAndExits2() {
    Cli.Result r = Cli.run("top", fixture("tcp-v4"));
    assertEquals(2, r.exit(), r.err());
    assertEquals("tcptop top: not a terminal: top reads keys from stdin and draws a full screen on stdout; use 'tcptop replay "
        + fixture("tcp-v4") + "' to print lines instead", r.errLines().get(0));
    assertEquals("", r.out());
  }

  @Test
  void aJournalToPlayAndMinusOTogetherIsAUsageError() {
    Cli.Result r = Cli.run("top", fixture("tcp-v4"), "-o", tmp.resolve("j").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("tcptop top: -o records a live session, and "), r.err());
  }

  @Test
  void journalOptionsWithoutMinusOAreAUsageError() {
    Cli.Result r = Cli.run("top", "--group", "adm");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("tcptop top: --force, --group, --max-age and --max-size say how to write a journal: "
        + "give them with -o JOURNAL"), r.err());
    // Checked as record checks them, before the terminal is.
    Cli.Result window = Cli.run("top", "-o", tmp.resolve("j").toString(), "--max-age", "10s");
    assertEquals(2, window.exit());
    assertTrue(window.err().startsWith("tcptop top: --max-age 10s is shorter than one of the journal's files"), window.err());
  }

  @Test
  void overAFixtureTheKeysDoWhatTheySayAndQQuits() throws Exception {
    try (Tmux t = Tmux.start(tmp, 120, 40, "top", fixture("tcp-v4"))) {
      String s = t.waitFor("end of the recording (4 ticks)");
      assertTrue(s.contains("■ end") && s.contains("tick 4 ·"), s);

      t.keys("Home");
      s = t.waitFor("tick 1 ·");
      assertTrue(row(s, "curl").contains("1.4MB/s"), s);
      t.keys("Right");
      s = t.waitFor("tick 2 ·");
      assertTrue(row(s, "curl").matches(".*ESTABLISHED\\s+2\\.9MB/s\\s+0B/s\\s+5\\.0ms\\s+4\\.3M\\s+78B.*"), "replay's numbers: " + s);
      t.keys("Left");
      t.waitFor("tick 1 ·");

      t.keys("Space");
      t.waitFor("▶ playing 1x");
      t.keys("p");
      t.waitFor("❚❚ paused");
      t.keys("]", "]");
      t.waitFor("speed 4x");

      t.keys("End");
      s = t.waitFor("went to the last tick: 10:00:03.500");
      t.keys("Home");
      t.waitFor("tick 1 ·");
      t.keys("Right", "Right");
      s = t.waitFor("tick 3 ·");

      t.type(">>>>");
      s = t.waitFor("PID▲");
      assertTrue(s.indexOf(" nginx ") < s.indexOf(" curl ") && s.indexOf(" curl ") < s.indexOf(" postgres "), "by pid: " + s);
      t.type("r");
      s = t.waitFor("PID▼");
      assertTrue(s.indexOf(" postgres ") < s.indexOf(" curl "), s);

      t.type("/nginx");
      t.keys("Enter");
      s = t.waitFor("filter 'nginx': 1 shown");
      assertEquals("", row(s, "curl"), s);
      assertTrue(row(s, "nginx").contains("[CLOSED]"), s);
      t.keys("Enter");
      s = t.waitFor("━━ connection 1 · tcp 127.0.0.1:8080 → 127.0.0.1:40000");
      assertTrue(s.contains("ESTABLISHED 10:00:00.010 → CLOSE_WAIT 10:00:02.300"), s);
      t.keys("Escape", "Escape");
      s = t.waitFor(" curl ");
      assertFalse(s.contains("filter 'nginx'"), s);

      t.type("?");
      t.waitFor("Any key closes this help.");
      t.type("x");
      t.waitFor("PROT ");
      t.type("Z");
      t.waitFor("'Z' does nothing here: press ? for the keys");
      // A function key is one key that does nothing, not Esc and '[' (slower) and more.
      t.keys("F5");
      s = t.waitFor("that key does nothing here: press ? for the keys");
      assertTrue(s.contains("❚❚ paused · 4x"), "the speed stays 4x: " + s);

      t.type("g+2s");
      t.keys("Enter");
      t.waitFor("went to +2s: 10:00:02.000");
      t.type("g+1h");
      t.keys("Enter");
      t.waitFor("+1h is outside the recording: 10:00:00.000 to 10:00:03.500 UTC (+3.500s)");
      t.type("gsoon");
      t.keys("Enter");
      t.waitFor("'soon' is not a time: try 14:02:03 (UTC), +30s or 2026-11-20T10:00:02Z");

      t.type("t");
      s = t.waitFor("connection ");
      assertTrue(s.contains("▸"), "grouped by process: " + s);

      t.type("q");
      t.assertExitedAndRestored(0);
    }
  }

  @Test
  void sigtermPutsTheTerminalBackAndTheJvmStaysDiagnosable() throws Exception {
    try (Tmux t = Tmux.start(tmp, 100, 30, "top", fixture("many-connections"))) {
      t.waitFor("▶ playing 1x");
      // The terminal library must not take SIGQUIT from the JVM: jcmd attaches through it.
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(t.tcptopPid()), "Thread.print").redirectErrorStream(true).start();
      String threads = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, dump.waitFor(), threads);
      assertTrue(threads.contains("\"tcptop-player\""), threads);
      new ProcessBuilder("kill", "-TERM", Long.toString(t.tcptopPid())).start().waitFor();
      t.assertExitedAndRestored(0);
    }
  }

  @Test
  void ctrlCAndSigintPutTheTerminalBack() throws Exception {
    try (Tmux t = Tmux.start(tmp, 100, 30, "top", fixture("many-connections"))) {
      t.waitFor("▶ playing 1x");
      t.keys("C-c");
      t.assertExitedAndRestored(0);
    }
    try (Tmux t = Tmux.start(tmp, 100, 30, "top", fixture("many-connections"))) {
      t.waitFor("▶ playing 1x");
      new ProcessBuilder("kill", "-INT", Long.toString(t.tcptopPid())).start().waitFor();
      t.assertExitedAndRestored(0);
    }
  }

  @Test
  void itFitsAnEightyByTwentyFourTerminalSaysWhenOneIsTooSmallAndComesBack() throws Exception {
    try (Tmux t = Tmux.start(tmp, 200, 50, "top", fixture("many-connections"))) {
      // The screen can be up before the first tick is read ("reading the journal…", no rows, so
      // every column fits): wait for the tick's line.
      t.waitFor(" · tick ");
      String wide = t.waitFor("▶ playing 1x");
      assertTrue(wide.contains(" STATE ") && wide.contains(" IN ") && wide.contains(" OUT"), wide);
      t.keys("p");
      t.resize(80, 24);
      String s = t.waitFor("RATE_OUT");
      // The screen is redrawn top to bottom: wait for the whole 80-column screen down to its last
      // line, not just for the table's head (or the wide screen before the resize).
      for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline
           && (s.lines().noneMatch(l -> l.endsWith("? help  q quit")) || s.lines().anyMatch(l -> l.length() > 80)); s = t.screen()) {
        Thread.sleep(50);
      }
      List<String> lines = s.lines().toList();
      assertTrue(lines.size() <= 24, s);
      assertTrue(lines.stream().allMatch(l -> l.length() <= 80), s);
      assertFalse(s.contains(" STATE "), "the least needed columns go at 80 columns: " + s);
      assertTrue(lines.stream().anyMatch(l -> l.endsWith("? help  q quit")), "the keys' line is whole: " + s);
      t.keys("?");
      t.waitFor("g              go to 14:02:03 (UTC), +30s from the start, 2026-11-20T10:00:02Z");
      t.keys("Escape");
      t.waitFor("RATE_OUT");
      t.resize(50, 10);
      t.waitFor("terminal too small: 50x10");
      t.resize(120, 40);
      t.waitFor("RATE_IN");
      t.type("q");
      t.assertExitedAndRestored(0);
    }
  }

  @Test
  void aJournalThatIsNotThereIsOneLineAndTheTerminalIsUntouched() throws Exception {
    try (Tmux t = Tmux.start(tmp, 120, 20, "top", tmp.resolve("nothing-here").toString())) {
      t.assertExitedAndRestored(1);
      String s = t.screen();
      assertTrue(s.contains("tcptop: " + tmp.resolve("nothing-here") + ": no such journal"), s);
      assertFalse(s.contains("Exception") || s.contains("\tat "), s);
    }
  }

  @Test
  void aJournalDamagedInTheMiddlePlaysPastTheDamageSaysSoAndExits3() throws Exception {
    Path dir = tmp.resolve("damaged");
    try (Scenario sc = new Scenario(dir)) {
      var f = sc.at(1).tcp("127.0.0.1", 1, "127.0.0.1", 2, 3, "damaged-app");
      sc.state(f, TcpState.SYN_SENT, TcpState.ESTABLISHED, 0, 0, 10);
      for (int i = 0; i < 20_000; i++) {
        sc.at(1 + i).send(f, 100);
      }
    }
    Path cq4;
    try (Stream<Path> s = Files.list(dir)) {
      cq4 = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(cq4.toFile(), "rw")) {
      f.seek(200_000);
      f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }
    try (Tmux t = Tmux.start(tmp, 140, 20, "top", dir.toString())) {
      t.waitFor("damaged-app");
      // The last tick lies past the damage: reading there skips it and says so, as replay does.
      t.keys("End");
      String s = t.waitFor("■ end");
      assertTrue(s.contains("+20.000s of 20.000s"), s);
      assertTrue(s.contains("DAMAGED: 1 damaged part skipped"), s);
      assertTrue(s.contains("damaged-app"), "the ticks after the damage are shown: " + s);
      t.type("q");
      t.assertExitedAndRestored(3);
      s = t.screen();
      assertTrue(s.contains("tcptop: damaged: " + cq4 + " at byte "), "replay's note, once the screen is gone: " + s);
    }
  }
}
