package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

/** How keys and frames change the screen model, beyond what the golden screens show. */
class TopScreenTest {
  static final List<Frame> MANY = FixtureFrames.of("many-connections");
  static final List<Frame> TCP = FixtureFrames.of("tcp-v4");

  static TopScreen screen(boolean recording, int columns, int rows) {
    TopScreen s = new TopScreen(recording, new Status("test", "state", 0, 1));
    s.resize(columns, rows);
    return s;
  }

  static Command keys(TopScreen s, String keys) {
    Command last = Command.NONE;
    for (Key k : Key.parse(keys)) {
      last = s.key(k);
    }
    return last;
  }

  /** The table's lines: after the header and column names, up to the status line. */
  static List<AttributedString> rows(TopScreen s) {
    List<AttributedString> lines = s.lines();
    int header = 0;
    while (!lines.get(header).toString().startsWith("PROT ") && !lines.get(header).toString().startsWith("LOCAL ")) {
      header++;
    }
    return lines.subList(header + 1, lines.size() - 1);
  }

  static int selectedRow(TopScreen s) {
    List<AttributedString> rows = rows(s);
    for (int i = 0; i < rows.size(); i++) {
      // JLine's F_INVERSE bit: the selected row is drawn inverted (a closed one also faint).
      if (rows.get(i).length() > 0 && (rows.get(i).styleAt(0).getStyle() & 32L) != 0) {
        return i;
      }
    }
    return -1;
  }

  static String local(AttributedString row) {
    return row.toString().trim().split("\\s+")[1];
  }

  @Test
  void selectionStaysOnItsConnectionAndItsScreenRowWhileRowsResort() {
    TopScreen s = screen(true, 120, 30);
    s.show(MANY.get(3));
    keys(s, "<down><down><down><down><down>");
    assertEquals(5, selectedRow(s));
    String chosen = local(rows(s).get(5));
    s.show(MANY.get(4));
    int row = selectedRow(s);
    assertEquals(chosen, local(rows(s).get(row)), "the selection follows its connection");
    assertEquals(5, row, "and keeps its place on the screen while rows above and below change");
    assertNotEquals(rowsText(MANY.get(3)), rowsText(MANY.get(4)), "the ticks do re-sort the rows");
  }

  private static List<String> rowsText(Frame f) {
    TopScreen s = screen(true, 120, 30);
    s.show(f);
    return rows(s).stream().map(r -> local(r)).toList();
  }

  @Test
  void whenTheSelectedConnectionIsGoneTheSelectionStaysInItsScreenRow() {
    TopScreen s = screen(true, 120, 30);
    s.show(TCP.get(2));
    keys(s, "<down><down>");
    assertTrue(rows(s).get(2).toString().contains("[CLOSED]"));
    s.show(TCP.get(3));
    assertEquals(1, selectedRow(s), "the closed connection is gone; the last row is selected instead");
  }

  @Test
  void aConnectionThatClosedInTheTickIsShownOnceMoreDimmed() {
    TopScreen s = screen(true, 120, 30);
    s.show(TCP.get(2));
    AttributedString closed = rows(s).stream().filter(r -> r.toString().contains("[CLOSED]")).findFirst().orElseThrow();
    assertEquals(AttributedStyle.DEFAULT.faint().getStyle(), closed.styleAt(0).getStyle());
    s.show(TCP.get(3));
    assertTrue(rows(s).stream().noneMatch(r -> r.toString().contains("nginx")), "gone at the next tick");
  }

  @Test
  void lossIsABannerInWhiteOnRed() {
    TopScreen s = screen(true, 100, 20);
    s.show(FixtureFrames.of("loss").get(0));
    AttributedString banner = s.lines().get(3);
    assertTrue(banner.toString().startsWith(" LOSS: 1,234 events lost in this tick (ring buffer full)"), banner.toString());
    assertEquals(AttributedStyle.DEFAULT.bold().foreground(AttributedStyle.WHITE).background(AttributedStyle.RED).getStyle(),
        banner.styleAt(1).getStyle());
    assertEquals(100, banner.columnLength(), "the banner spans the screen");
  }

  @Test
  void damageIsABannerAndTheStatusLineStaysOnTheLastRow() {
    TopScreen s = screen(true, 100, 12);
    s.show(MANY.get(3));
    s.status(new Status("test", "state", 0, 1).withDamage("1 damaged part skipped"));
    List<AttributedString> lines = s.lines();
    assertEquals(12, lines.size());
    assertEquals(" DAMAGED: 1 damaged part skipped", lines.get(3).toString().stripTrailing());
    assertTrue(lines.get(4).toString().startsWith("PROT "), lines.get(4).toString());
    assertTrue(lines.get(11).toString().startsWith("space play"), "the status line: " + lines.get(11));
    assertEquals(6, rows(s).size(), "the table gives the banner its line");
  }

  @Test
  void theFilterAppliesAsItIsTypedAndEscPutsBackTheOneBefore() {
    TopScreen s = screen(true, 120, 80);
    s.show(MANY.get(3));
    int all = rows(s).stream().filter(r -> !r.toString().isBlank()).toList().size();
    keys(s, "/envoy");
    List<AttributedString> envoy = rows(s).stream().filter(r -> !r.toString().isBlank()).toList();
    assertTrue(envoy.size() < all && !envoy.isEmpty());
    assertTrue(envoy.stream().allMatch(r -> r.toString().contains("envoy")));
    keys(s, "<enter>/x<esc>");
    assertEquals(envoy.size(), rows(s).stream().filter(r -> !r.toString().isBlank()).count(), "Esc restores 'envoy'");
    keys(s, "<esc>");
    assertEquals(all, rows(s).stream().filter(r -> !r.toString().isBlank()).count(), "Esc clears the filter");
  }

  @Test
  void theFilterMatchesPortsAndPids() {
    TopScreen s = screen(true, 120, 30);
    s.show(TCP.get(2));
    keys(s, "/:5432<enter>");
    assertEquals(1, rows(s).stream().filter(r -> !r.toString().isBlank()).count());
    keys(s, "/<ctrl-u>900<enter>");
    assertTrue(rows(s).get(0).toString().contains("nginx"));
  }

  @Test
  void groupsSumTheirConnectionsAndOpenWithEnter() {
    TopScreen s = screen(true, 160, 60);
    Frame f = MANY.get(1);
    s.show(f);
    keys(s, "t");
    AttributedString first = rows(s).get(0);
    String[] cells = first.toString().trim().split("\\s+");
    int pid = Integer.parseInt(cells[3]);
    long members = f.rows().stream().filter(r -> r.line().flow().pid() == pid && r.line().flow().comm().equals(cells[4])).count();
    assertEquals(Long.parseLong(cells[1]), members, first.toString());
    assertEquals(AttributedStyle.DEFAULT.bold().inverse().getStyle(), first.styleAt(0).getStyle(), "a selected group row");
    int before = rows(s).stream().filter(r -> !r.toString().isBlank()).toList().size();
    keys(s, "<enter>");
    assertEquals(before + members, rows(s).stream().filter(r -> !r.toString().isBlank()).count());
    keys(s, "<enter>");
    assertEquals(before, rows(s).stream().filter(r -> !r.toString().isBlank()).count());
  }

  @Test
  void sortKeysWalkTheColumnsAndReverse() {
    TopScreen s = screen(true, 160, 30);
    s.show(MANY.get(2));
    keys(s, "<gt><gt><gt><gt>");
    assertTrue(s.lines().stream().anyMatch(l -> l.toString().contains("PID▼") || l.toString().contains("PID▲")));
    List<Integer> pids = rows(s).stream().filter(r -> !r.toString().isBlank())
        .map(r -> Integer.parseInt(r.toString().trim().split("\\s+")[3])).toList();
    assertEquals(pids.stream().sorted().toList(), pids, "pid sorts smallest first");
    assertEquals("sorted by pid, smallest first (r reverses)", s.message());
    keys(s, "r");
    List<Integer> reversed = rows(s).stream().filter(r -> !r.toString().isBlank())
        .map(r -> Integer.parseInt(r.toString().trim().split("\\s+")[3])).toList();
    assertEquals(reversed.stream().sorted(java.util.Comparator.reverseOrder()).toList(), reversed);
  }

  @Test
  void keysThatMeanNothingSaySoAndChangeNothing() {
    TopScreen s = screen(true, 100, 20);
    s.show(TCP.get(1));
    String before = FixtureFrames.text(s);
    assertEquals(Command.NONE, keys(s, "Z"));
    assertEquals("'Z' does nothing here: press ? for the keys", s.message());
    keys(s, "<down><up>");
    assertNull(s.message(), "the message goes with the next key");
    assertEquals(before, FixtureFrames.text(s));
  }

  @Test
  void liveTheRecordingKeysExplainThemselves() {
    TopScreen s = screen(false, 100, 20);
    s.show(TCP.get(1));
    for (String k : List.of("<left>", "<right>", "[", "]", "g")) {
      assertEquals(Command.NONE, keys(s, k), k);
      assertTrue(s.message().contains("works over a recording"), s.message());
    }
    assertEquals(Command.Kind.PLAY_PAUSE, keys(s, "p").kind());
    assertEquals(Command.Kind.QUIT, keys(s, "q").kind());
  }

  @Test
  void overARecordingTheKeysBecomePlayerCommands() {
    TopScreen s = screen(true, 100, 20);
    s.show(TCP.get(1));
    assertEquals(Command.Kind.PLAY_PAUSE, keys(s, "<space>").kind());
    assertEquals(Command.Kind.STEP_BACK, keys(s, "<left>").kind());
    assertEquals(Command.Kind.STEP_FORWARD, keys(s, "<right>").kind());
    assertEquals(Command.Kind.SLOWER, keys(s, "[").kind());
    assertEquals(Command.Kind.FASTER, keys(s, "]").kind());
    assertEquals(Command.Kind.FIRST, keys(s, "<home>").kind());
    assertEquals(Command.Kind.LAST, keys(s, "<end>").kind());
    assertEquals(Command.goTo("+2s"), keys(s, "g+3<backspace>2s<enter>"));
    assertEquals(Command.NONE, keys(s, "g+2s<esc>"), "Esc cancels");
    assertEquals(Command.Kind.QUIT, keys(s, "<ctrl-c>").kind());
  }

  @Test
  void everyLineFitsTheTerminalAtEverySize() {
    for (int[] size : new int[][] {{80, 24}, {60, 12}, {132, 43}, {300, 100}, {59, 30}, {100, 11}, {20, 5}}) {
      TopScreen s = screen(true, size[0], size[1]);
      s.show(MANY.get(5));
      for (String k : List.of("", "<enter>", "?", "?t", "t<down><enter>")) {
        keys(s, k);
        List<AttributedString> lines = s.lines();
        assertTrue(lines.size() <= size[1], size[0] + "x" + size[1] + " " + k);
        for (int i = 0; i < lines.size(); i++) {
          assertTrue(lines.get(i).columnLength() <= size[0] - (i == size[1] - 1 ? 1 : 0), size[0] + "x" + size[1] + " line " + i);
        }
      }
    }
  }

  @Test
  void inEightyColumnsTheHelpTheKeysAndTheFilterAreWholeNotCut() {
    for (boolean recording : new boolean[] {true, false}) {
      for (AttributedString l : HelpPanel.lines(recording)) {
        assertTrue(l.columnLength() <= 80, "help line too long: " + l);
      }
      TopScreen s = screen(recording, 80, 24);
      s.show(MANY.get(1));
      List<AttributedString> lines = s.lines();
      assertTrue(lines.getLast().toString().endsWith("? help  q quit"), lines.getLast().toString());
      keys(s, "/nginx<enter>");
      String totals = s.lines().get(2).toString();
      assertTrue(totals.contains(" · lost 0 · /nginx: "), totals);
      assertTrue(totals.length() <= 80, totals);
    }
    TopScreen typing = screen(true, 80, 24);
    typing.show(MANY.get(1));
    keys(typing, "/nginx");
    assertEquals("filter: nginx█  (process, address, port; Enter keeps it, Esc undoes)", typing.lines().getLast().toString());
    keys(typing, "<esc>g+1m");
    assertEquals("go to: +1m█  (14:02:03 UTC, +30s or 2026-11-20T10:00:02Z; Esc cancels)",
        typing.lines().getLast().toString(), "the prompts' hints fit 80 columns");
    TopScreen wide = screen(true, 200, 24);
    wide.show(MANY.get(1));
    keys(wide, "/nginx<enter>");
    assertTrue(wide.lines().get(2).toString().matches(".* events [0-9,]+ \\(\\+[0-9,]+\\) · lost 0 · filter 'nginx': [0-9]+ shown"),
        "a wide terminal keeps the tick's events and the long form: " + wide.lines().get(2));
  }

  @Test
  void anIpv4MappedEndpointLosesItsPrefixBeforeItsAddress() {
    String mapped = "[::ffff:127.0.0.1]:48256";
    assertEquals(mapped, Column.LOCAL.fit(mapped, 24));
    assertEquals("[…127.0.0.1]:48256", Column.LOCAL.fit(mapped, 23));
    assertEquals("[…127.0.0.1]:48256", Column.REMOTE.fit(mapped, 18));
    assertEquals("[…127.…:48256", Column.REMOTE.fit(mapped, 13));
    assertEquals("[fd00::…:443", Column.REMOTE.fit("[fd00::1:2b]:443", 12), "other IPv6 endpoints lose the end of the host");
  }

  @Test
  void tooSmallSaysSoAndComesBackWhenResized() {
    TopScreen s = screen(true, 40, 10);
    s.show(TCP.get(1));
    assertTrue(s.lines().get(0).toString().startsWith("terminal too small: 40x10"));
    assertEquals(Command.Kind.QUIT, keys(s, "q").kind(), "q still quits");
    s.resize(80, 24);
    assertTrue(s.lines().get(0).toString().contains("tcptop top"));
  }

  @Test
  void aTinyTerminalStillSaysItsSizeWhatIsNeededAndHowToQuit() {
    TopScreen s = screen(true, 20, 5);
    s.show(TCP.get(0));
    assertEquals(List.of("too small: 20x5", "need 60x12", "q quits"), s.lines().stream().map(AttributedString::toString).toList());
    s.resize(30, 8);
    assertEquals(List.of("terminal too small: 30x8", "tcptop top needs at least", "60x12;", "make it bigger, or press q to", "quit"),
        s.lines().stream().map(AttributedString::toString).toList());
  }

  @Test
  void theDetailPanelFollowsTheSelectionAndKeepsAGoneConnection() {
    TopScreen s = screen(true, 120, 30);
    s.show(TCP.get(2));
    keys(s, "<down><down><enter>");
    assertTrue(s.lines().stream().anyMatch(l -> l.toString().startsWith("━━ connection 1 · tcp 127.0.0.1:8080 → 127.0.0.1:40000 ━")));
    s.show(TCP.get(3));
    assertTrue(s.lines().stream().anyMatch(l -> l.toString().contains("connection 1 · tcp 127.0.0.1:8080 → 127.0.0.1:40000 · no longer open")));
    keys(s, "<up>");
    assertTrue(s.lines().stream().anyMatch(l -> l.toString().startsWith("━━ connection 0 · tcp 127.0.0.1:40000")), () -> "moving the selection moves the detail:\n" + FixtureFrames.text(s));
    keys(s, "<esc>");
    assertTrue(s.lines().stream().noneMatch(l -> l.toString().startsWith("━━ connection")));
  }

  @Test
  void theDetailShowsStatesWithTheirTimesAndASparklineOfRates() {
    TopScreen s = screen(true, 160, 30);
    s.show(TCP.get(2));
    keys(s, "<down><down><enter>");
    String text = FixtureFrames.text(s);
    assertTrue(text.contains("state   CLOSE · ESTABLISHED 10:00:00.010 → CLOSE_WAIT 10:00:02.300 → LAST_ACK 10:00:02.301 → CLOSE 10:00:02.302"), text);
    String out = text.lines().filter(l -> l.startsWith("out ")).findFirst().orElseThrow();
    assertTrue(out.endsWith("▅█▁"), "1.4MB/s, 2.9MB/s, 500B/s over the last three ticks: " + out);
  }

  static final List<Frame> CONTAINERS = FixtureFrames.of("containers");

  /** The connection of a row of the plain table, by its pid (the table's fourth column at 160 wide). */
  static java.util.Optional<Row> row(Frame f, int pid) {
    return f.rows().stream().filter(r -> r.line().flow().pid() == pid).findFirst();
  }

  @Test
  void theSameEndpointsInTwoNamespacesAreTwoRowsToldApartByTheirNamespaceAndCgroup() {
    TopScreen s = screen(true, 160, 30);
    s.show(CONTAINERS.get(1));
    List<String> clients = rows(s).stream().map(r -> r.toString().stripTrailing())
        .filter(l -> l.matches("tcp\\s+127\\.0\\.0\\.1:40000\\s+127\\.0\\.0\\.1:8080\\s.*")).toList();
    assertEquals(2, clients.size(), String.join("\n", clients));
    assertTrue(clients.stream().anyMatch(l -> l.matches(".*\\sdocker:3f2a1b9c0d1e\\s+4026532301$")), String.join("\n", clients));
    assertTrue(clients.stream().anyMatch(l -> l.matches(".*\\scontainerd:9b1c2d3e4f5a\\s+4026532302$")), String.join("\n", clients));
    String header = s.lines().stream().map(AttributedString::toString).filter(l -> l.startsWith("PROT ")).findFirst().orElseThrow();
    assertTrue(header.contains(" CGROUP ") && header.contains(" NETNS"), header);
  }

  @Test
  void oneNamespaceNeedsNoColumnAndARecordingWithoutOwnersHasNeitherColumn() {
    TopScreen s = screen(true, 200, 30);
    s.show(CONTAINERS.get(1));
    keys(s, "/4026532301<enter>");
    String header = s.lines().stream().map(AttributedString::toString).filter(l -> l.startsWith("PROT ")).findFirst().orElseThrow();
    assertEquals(2, rows(s).stream().filter(r -> !r.toString().isBlank()).count(), "the filter takes a namespace");
    assertTrue(header.contains(" CGROUP") && !header.contains("NETNS"), header);
    TopScreen plain = screen(true, 200, 30);
    plain.show(MANY.get(1));
    String without = plain.lines().stream().map(AttributedString::toString).filter(l -> l.startsWith("PROT ")).findFirst().orElseThrow();
    assertFalse(without.contains("CGROUP") || without.contains("NETNS"), without);
  }

  @Test
  void cGroupsByContainerOrUnitWithTotalsAndTSwitchesToProcesses() {
    TopScreen s = screen(true, 160, 40);
    Frame f = CONTAINERS.get(1);
    s.show(f);
    keys(s, "c");
    List<String> groups = rows(s).stream().map(r -> r.toString().trim()).filter(l -> !l.isEmpty()).toList();
    assertEquals(5, groups.size(), String.join("\n", groups));
    String docker = groups.stream().filter(l -> l.startsWith("▸    docker:3f2a1b9c0d1e ")).findFirst().orElseThrow();
    long in = f.rows().stream().filter(r -> r.line().flow().cgroup().container().startsWith("3f2a1b9c0d1e"))
        .mapToLong(r -> r.line().bytesIn()).sum();
    assertTrue(docker.contains(" 2 connections ") && docker.contains(" 2 processes ")
        && docker.contains(" " + io.tcptop.view.Units.size(in) + " "), docker);
    assertTrue(groups.stream().anyMatch(l -> l.startsWith("▸    (no cgroup) ")), "the connection without a cgroup has its group");
    keys(s, "<enter>");
    assertEquals(7, rows(s).stream().filter(r -> !r.toString().isBlank()).count(), "the selected container opened");
    keys(s, "t");
    assertTrue(rows(s).get(0).toString().trim().startsWith("▸    1 connection "), rows(s).get(0).toString());
    keys(s, "t");
    assertEquals(7, rows(s).stream().filter(r -> r.toString().startsWith("tcp ")).count(), "t again: no groups");
    keys(s, "cc");
    assertEquals(7, rows(s).stream().filter(r -> r.toString().startsWith("tcp ")).count(), "c twice: no groups");
  }

  @Test
  void theFilterTakesAContainerIdAUnitAndACgroupPath() {
    TopScreen s = screen(true, 160, 30);
    s.show(CONTAINERS.get(1));
    for (var c : java.util.Map.of("/9b1c2d3e<enter>", 2L, "/3f2a1b9c0d1e4f5a6b7c8d9e0f1a2b3c4d5e<enter>", 2L,
        "/session-3<enter>", 1L, "/kubepods-burstable<enter>", 2L, "/docker:<enter>", 2L).entrySet()) {
      keys(s, "<esc>" + c.getKey());
      assertEquals(c.getValue(), rows(s).stream().filter(r -> r.toString().startsWith("tcp ")).count(), c.getKey());
    }
  }

  @Test
  void theDetailSaysTheContainerTheNamespaceThePodAndThePath() {
    TopScreen s = screen(true, 320, 40);
    s.show(CONTAINERS.get(1));
    keys(s, "/java<enter><enter>");
    String text = FixtureFrames.text(s);
    Row java = row(CONTAINERS.get(1), 4202).orElseThrow();
    assertTrue(text.contains("cgroup  containerd container 9b1c2d3e4f5a · netns 4026532302 · pod "
        + "5e1c7d2a-8f3b-4c6d-9e0a-1b2c3d4e5f60 · " + java.line().flow().cgroup().path()), text);
    keys(s, "<esc><esc>/psql<enter><enter>");
    assertTrue(FixtureFrames.text(s).contains("cgroup  netns 4026531840 · cgroup id 8005 (removed before it was named)"));
    TopScreen plain = screen(true, 200, 40);
    plain.show(TCP.get(2));
    keys(plain, "<enter>");
    assertFalse(FixtureFrames.text(plain).contains("cgroup  "), "no owner line for a recording without owners");
  }

  @Test
  void aLongJournalPathLosesItsEndNotThePlayersState() {
    TopScreen s = new TopScreen(true, new Status("recording /a/checkout/with/a/rather/long/path/to/fixtures/many-connections",
        "▶ playing 1x", 0, 1));
    s.resize(80, 24);
    s.show(MANY.get(1));
    String title = s.lines().get(0).toString();
    assertTrue(title.endsWith("▶ playing 1x "), title);
    assertTrue(title.startsWith(" tcptop top · recording /a/checkout/with/") && title.contains("…"), title);
    assertEquals(80, title.length());
  }
}
