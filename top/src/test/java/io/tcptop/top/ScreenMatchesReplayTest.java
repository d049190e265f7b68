package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.SessionStart;
import io.tcptop.journal.JournalSource;
import io.tcptop.view.OutputFormat;
import io.tcptop.view.Timestamps;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The numbers on screen at a tick are the numbers replay prints for that tick: for every fixture
 * and every tick, each line replay's text view prints for the tick is a row of the screen with the
 * same values, and every other row is an idle connection (zero rates) whose totals are the ones
 * replay printed for it last. (GoldenReplayTest pins the text view to the golden files.)
 */
class ScreenMatchesReplayTest {

  @TestFactory
  List<DynamicTest> everyTickOfEveryFixtureShowsReplaysNumbers() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> s = Files.list(FixtureFrames.FIXTURES.resolve("golden"))) {
      for (Path golden : s.filter(p -> p.toString().endsWith(".text")).sorted().toList()) {
        String fixture = golden.getFileName().toString().replace(".text", "");
        tests.add(DynamicTest.dynamicTest(fixture, () -> check(fixture)));
      }
    }
    assertTrue(tests.size() >= 9, "fixtures missing");
    return tests;
  }

  private static void check(String fixture) {
    List<List<List<String>>> replayTicks = replayTicks(FixtureFrames.FIXTURES.resolve(fixture));
    List<Frame> frames = FixtureFrames.of(fixture);
    assertEquals(replayTicks.size(), frames.size(), "one frame per tick");
    Map<String, List<String>> lastSeen = new HashMap<>();
    int matched = 0;
    for (Frame f : frames) {
      TopScreen screen = new TopScreen(true, new Status("recording", "", 0, 1));
      screen.resize(250, f.rows().size() + 12);
      screen.show(f);
      Map<String, List<String>> rows = tableRows(screen);
      assertEquals(f.rows().size(), rows.size(), "every open connection is a row");
      String time = Timestamps.UTC.clock(f.epochNs());
      for (List<String> r : replayTicks.get((int) f.index())) {
        // replay: TIME PROT LOCAL REMOTE PID COMM STATE IN OUT RATE_IN RATE_OUT RTT [MARKS]
        assertEquals(time, r.get(0));
        String key = String.join(" ", r.subList(1, 5));
        List<String> row = rows.remove(key);
        assertNotNull(row, () -> fixture + " " + time + ": replay's line for " + key + " is not on screen: " + rows.keySet());
        // top: PROT LOCAL REMOTE PID PROCESS STATE RATE_IN RATE_OUT RTT IN OUT [MARKS]
        List<String> expected = new ArrayList<>(r.subList(1, 7));
        expected.addAll(List.of(r.get(9), r.get(10), r.get(11), r.get(7), r.get(8)));
        expected.addAll(r.subList(12, r.size()));
        assertEquals(expected, row, fixture + " " + time);
        lastSeen.put(key, r);
        matched++;
      }
      for (var idle : rows.entrySet()) {
        List<String> row = idle.getValue();
        List<String> last = lastSeen.get(idle.getKey());
        assertNotNull(last, () -> fixture + " " + time + ": " + idle.getKey() + " is on screen but replay never printed it");
        assertEquals(List.of("0B/s", "0B/s", last.get(7), last.get(8)), List.of(row.get(6), row.get(7), row.get(9), row.get(10)),
            fixture + " " + time + ": an idle row keeps replay's last totals, at zero rates");
      }
    }
    assertFalse(matched == 0, "no line compared");
  }

  /** What replay's text view prints at each tick, split into cells: the same aggregator, fed the same journal. */
  private static List<List<List<String>>> replayTicks(Path journal) {
    List<List<List<String>>> ticks = new ArrayList<>();
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    TickListener view = OutputFormat.text.view(out);
    Aggregator aggregator = new Aggregator(new TickListener() {
      @Override
      public void onStart(SessionStart header) {
        view.onStart(header);
        out.flush();
        text.getBuffer().setLength(0);
      }

      @Override
      public void onTick(long tsNs, long epochNs, List<ConnectionLine> lines) {
        view.onTick(tsNs, epochNs, lines);
        out.flush();
        List<List<String>> printed = new ArrayList<>();
        text.toString().lines().forEach(l -> printed.add(List.of(l.trim().split("\\s+"))));
        ticks.add(printed);
        text.getBuffer().setLength(0);
      }
    });
    try (JournalSource source = JournalSource.open(journal)) {
      source.forEach(aggregator);
    }
    aggregator.finish();
    return ticks;
  }

  /** The table's rows by "proto local remote pid", each split into its cells. */
  private static Map<String, List<String>> tableRows(TopScreen screen) {
    Map<String, List<String>> rows = new HashMap<>();
    List<String> lines = screen.lines().stream().map(Object::toString).toList();
    int header = 0;
    while (!lines.get(header).startsWith("PROT ")) {
      header++;
    }
    for (String line : lines.subList(header + 1, lines.size() - 1)) {
      if (line.isBlank() || line.startsWith("no open connections")) {
        break;
      }
      List<String> all = List.of(line.trim().split("\\s+"));
      // The owner's cgroup and namespace come after OUT (the eleventh cell), before the markers:
      // replay's text view has neither (they are in its JSONL and CSV lines), so they are left out.
      List<String> cells = new ArrayList<>(all.subList(0, Math.min(11, all.size())));
      for (String c : all.subList(Math.min(11, all.size()), all.size())) {
        if (c.startsWith("[")) {
          cells.add(c);
        }
      }
      rows.put(String.join(" ", cells.subList(0, 4)), cells);
    }
    return rows;
  }
}
