package io.tcptop.slice;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.aggregate.TickListener;
import io.tcptop.event.Proto;
import io.tcptop.fixtures.Scenario;
import io.tcptop.journal.JournalSource;
import io.tcptop.journal.JournalWriter;
import io.tcptop.replay.Replay;
import io.tcptop.replay.TimeWindow;
import io.tcptop.stream.FlowFilter;
import io.tcptop.view.OutputFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slice replays to what replay of the original prints for its window and filter. */
class SliceTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");
  static final long S = 1_000_000_000L;
  @TempDir Path tmp;

  record Case(String journal, double fromS, double toS, FlowFilter.Spec filter) {
    @Override
    public String toString() {
      return journal + " " + fromS + ".." + toS + " " + filter.describe();
    }
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    List<FlowFilter.Spec> filters = List.of(FlowFilter.Spec.ALL, new FlowFilter.Spec(null, null, null, Proto.TCP),
        new FlowFilter.Spec(null, null, null, Proto.UDP));
    try (Stream<Path> s = Files.list(FIXTURES)) {
      for (Path j : s.filter(JournalSource::looksLikeJournal).sorted().toList()) {
        for (FlowFilter.Spec f : filters) {
          cases.add(Arguments.of(new Case(j.getFileName().toString(), -1, -1, f)));
          cases.add(Arguments.of(new Case(j.getFileName().toString(), 0.5, 2.5, f)));
          cases.add(Arguments.of(new Case(j.getFileName().toString(), 1.2, 1.3, f)));
          cases.add(Arguments.of(new Case(j.getFileName().toString(), 3, 1000, f)));
        }
      }
    }
    return cases.stream();
  }

  /** The owner filters on the fixture that has owners (format 3), windows that start with a key frame. */
  static Stream<Arguments> ownerCases() {
    List<Arguments> cases = new ArrayList<>();
    for (FlowFilter.Spec f : List.of(new FlowFilter.Spec(null, null, null, null, null, null, "3f2a", null),
        new FlowFilter.Spec(null, null, null, null, null, "/kubepods.slice", null, null),
        new FlowFilter.Spec(null, null, null, null, null, null, null, 4026532301L),
        new FlowFilter.Spec(null, null, null, null, null, "/user.slice", null, null))) {
      for (double[] w : new double[][] {{-1, -1}, {0.5, 2.5}, {1.5, 1000}}) {
        cases.add(Arguments.of(new Case("containers", w[0], w[1], f)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ownerCases")
  void aSliceByOwnerReplaysToWhatReplayByOwnerPrints(Case c) {
    aSliceReplaysToWhatReplayOfTheOriginalPrintsForItsWindowAndFilter(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aSliceReplaysToWhatReplayOfTheOriginalPrintsForItsWindowAndFilter(Case c) {
    Path journal = FIXTURES.resolve(c.journal());
    long start;
    try (JournalSource s = JournalSource.open(journal)) {
      start = s.header().startEpochNs();
    }
    long from = c.fromS() < 0 ? Long.MIN_VALUE : start + (long) (c.fromS() * S);
    long to = c.toS() < 0 ? Long.MAX_VALUE : start + (long) (c.toS() * S);
    Path slice = tmp.resolve("slice");
    try (JournalSource s = JournalSource.open(journal)) {
      Slicer.slice(s, new Slicer.Window(from, to, c.filter(), null),
          JournalWriter.create(slice, JournalWriter.Options.defaults().withForce(true)));
    }
    for (String format : List.of("jsonl", "text")) {
      String expected = replay(journal, format, from, to, c.filter());
      String actual = replay(slice, format, Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL);
      assertEquals(expected, actual, c + " --format " + format);
    }
  }

  /**
   * A journal with many batches a tick (a slice holds a tick's events, then writes them at the
   * tick): flows described, re-owned and ended all along, state changes, RTTs and losses.
   */
  static Path busyJournal(Path dir) {
    try (Scenario s = new Scenario(dir, 100_000_000L, "")) {
      List<io.tcptop.event.Flow> flows = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        flows.add(i % 3 == 0 ? s.udp("10.0.0." + (i + 1), 5000 + i, "10.9.0.1", 53, 100 + i, "dns" + i)
            : s.tcp("10.0.0." + (i + 1), 40000 + i, "10.9.0.2", 443, 100 + i, "app" + i));
      }
      for (int ms = 1; ms <= 2_500; ms++) {
        s.at(ms);
        for (int k = 0; k < 40; k++) {
          io.tcptop.event.Flow f = flows.get((ms * 7 + k) % flows.size());
          if (k % 2 == 0) {
            s.send(f, 100 + k);
          } else {
            s.recv(f, 1_000 + ms);
          }
        }
        if (ms % 97 == 0) {
          int i = ms % flows.size();
          flows.set(i, s.owner(flows.get(i), 200 + ms, "new" + ms));
        }
        if (ms % 131 == 0) {
          flows.add(s.tcp("10.1.0." + (ms % 250), 30000 + ms % 1000, "10.9.0.3", 80, 300 + ms, "late" + ms));
          s.state(flows.get(flows.size() - 1), io.tcptop.event.TcpState.SYN_SENT, io.tcptop.event.TcpState.ESTABLISHED, 0, 0, 50);
        }
        if (ms % 211 == 0) {
          io.tcptop.event.Flow f = flows.remove(1);
          if (f.proto() == Proto.TCP) {
            s.state(f, io.tcptop.event.TcpState.ESTABLISHED, io.tcptop.event.TcpState.CLOSE, 10, 20, 60);
          }
        }
        if (ms % 173 == 0) {
          s.rtt(flows.get(0), 70 + ms % 10);
          s.loss(ms % 7 + 1);
        }
        if (ms % 10 == 0) {
          s.flush();
        }
      }
    }
    return dir;
  }

  /** Everything after the restated start and before END, in order. */
  static List<io.tcptop.event.Event> body(Path journal) {
    List<io.tcptop.event.Event> events = new ArrayList<>();
    try (JournalSource s = JournalSource.open(journal)) {
      s.forEach(new io.tcptop.event.EventHandler() {
        @Override
        public void onTraffic(long tsNs, io.tcptop.event.Flow flow, io.tcptop.event.Direction d, int bytes) {
          events.add(new io.tcptop.event.Traffic(tsNs, flow, d, bytes));
        }

        @Override
        public void onEvent(io.tcptop.event.Event e) {
          events.add(e);
        }
      });
    }
    int from = 0;
    while (events.get(from) instanceof io.tcptop.event.SessionStart || events.get(from) instanceof io.tcptop.event.Flow) {
      from++;
    }
    assertTrue(events.getLast() instanceof io.tcptop.event.SessionEnd, "ends with END");
    return events.subList(from, events.size() - 1);
  }

  @Test
  void aWholeSliceHoldsEveryRecordOfItsSourceInOrder() {
    Path journal = busyJournal(tmp.resolve("busy"));
    Path slice = tmp.resolve("slice");
    Slicer.Result r;
    try (JournalSource s = JournalSource.open(journal)) {
      r = Slicer.slice(s, new Slicer.Window(Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL, null),
          JournalWriter.create(slice, JournalWriter.Options.defaults()));
    }
    List<io.tcptop.event.Event> expected = body(journal);
    List<io.tcptop.event.Event> actual = body(slice);
    assertTrue(expected.size() > 100_000, "a busy journal: " + expected.size());
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), "record " + i);
    }
    assertEquals(expected.size(), r.records(), "records counted as written");
  }

  @Test
  void slicesOfABusyJournalReplayToWhatReplayOfItPrints() {
    Path journal = busyJournal(tmp.resolve("busy"));
    long start;
    try (JournalSource s = JournalSource.open(journal)) {
      start = s.header().startEpochNs();
    }
    long ms = 1_000_000;
    List<long[]> windows = List.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, new long[] {start + 450 * ms, start + 1_750 * ms},
        new long[] {Long.MIN_VALUE, start + 1_230 * ms}, new long[] {start + 2_020 * ms, Long.MAX_VALUE});
    for (long[] w : windows) {
      for (FlowFilter.Spec filter : List.of(FlowFilter.Spec.ALL, new FlowFilter.Spec(null, null, null, Proto.UDP))) {
        Path slice = tmp.resolve("slice");
        try (JournalSource s = JournalSource.open(journal)) {
          Slicer.slice(s, new Slicer.Window(w[0], w[1], filter, null),
              JournalWriter.create(slice, JournalWriter.Options.defaults().withForce(true)));
        }
        String expected = replay(journal, "jsonl", w[0], w[1], filter);
        assertFalse(expected.isEmpty(), "the window holds something");
        assertEquals(expected, replay(slice, "jsonl", Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL),
            (w[0] - start) / ms + ".." + (w[1] - start) / ms + " ms " + filter.describe());
      }
    }
  }

  @Test
  void aScrubbedSliceDiffersOnlyInAddressesAndNames() {
    Path journal = FIXTURES.resolve("recorded-loopback");
    Path plain = tmp.resolve("plain");
    Path scrubbed = tmp.resolve("scrubbed");
    try (JournalSource s = JournalSource.open(journal)) {
      Slicer.slice(s, new Slicer.Window(Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL, null),
          JournalWriter.create(plain, JournalWriter.Options.defaults()));
    }
    Scrubber scrubber = new Scrubber(ScrubKey.create(tmp.resolve("key")));
    try (JournalSource s = JournalSource.open(journal)) {
      Slicer.slice(s, new Slicer.Window(Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL, scrubber),
          JournalWriter.create(scrubbed, JournalWriter.Options.defaults()));
    }
    List<String> a = replay(plain, "jsonl", Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL).lines().toList();
    List<String> b = replay(scrubbed, "jsonl", Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL).lines().toList();
    assertEquals(a.size(), b.size());
    assertTrue(a.size() > 10);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(masked(a.get(i)), masked(b.get(i)), "line " + (i + 1));
      assertNotEquals(a.get(i), b.get(i), "line " + (i + 1) + " must not keep its addresses and names");
      assertFalse(b.get(i).contains("127.0.0.1") || b.get(i).contains("\"comm\":\"java\""), b.get(i));
    }
    try (JournalSource s = JournalSource.open(scrubbed)) {
      assertTrue(s.header().host().startsWith("host-"), s.header().host());
      assertFalse(s.header().session().contains(JournalSource.open(journal).header().host()), s.header().session());
      assertTrue(s.header().origin().endsWith("scrubbed"), s.header().origin());
    }
  }

  @Test
  void aScrubbedSliceHidesContainerIdsPodUidsAndUnitNamesButKeepsOneContainerOneContainer() {
    Path journal = FIXTURES.resolve("containers");
    Path plain = tmp.resolve("plain");
    Path scrubbed = tmp.resolve("scrubbed");
    try (JournalSource s = JournalSource.open(journal)) {
      Slicer.slice(s, new Slicer.Window(Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL, null),
          JournalWriter.create(plain, JournalWriter.Options.defaults()));
    }
    try (JournalSource s = JournalSource.open(journal)) {
      Slicer.slice(s, new Slicer.Window(Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL,
          new Scrubber(ScrubKey.create(tmp.resolve("key")))), JournalWriter.create(scrubbed, JournalWriter.Options.defaults()));
    }
    List<String> a = replay(plain, "jsonl", Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL).lines().toList();
    List<String> b = replay(scrubbed, "jsonl", Long.MIN_VALUE, Long.MAX_VALUE, FlowFilter.Spec.ALL).lines().toList();
    assertEquals(a.size(), b.size());
    java.util.Map<String, String> containers = new java.util.HashMap<>();
    for (int i = 0; i < a.size(); i++) {
      String ownersMasked = "\"(local_addr|remote_addr|comm|cgroup|container)\":\"[^\"]*\"";
      assertEquals(a.get(i).replaceAll(ownersMasked, "\"$1\":\"*\""), b.get(i).replaceAll(ownersMasked, "\"$1\":\"*\""),
          "line " + (i + 1));
      for (String secret : List.of("3f2a1b9c0d1e", "9b1c2d3e4f5a", "5e1c7d2a", "nginx", "user-1000", "session-3")) {
        assertFalse(b.get(i).contains(secret), secret + " in " + b.get(i));
      }
      String original = field(a.get(i), "container");
      String replaced = field(b.get(i), "container");
      assertEquals(original == null, replaced == null, b.get(i));
      if (original != null) {
        assertEquals(replaced, containers.computeIfAbsent(original, k -> replaced), "one container, one stand-in");
        assertTrue(field(b.get(i), "cgroup").contains(replaced), "the path names the scrubbed id: " + b.get(i));
      }
    }
    assertEquals(2, containers.size());
  }

  /** A string field of a JSONL line, or null when it is null. */
  static String field(String line, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":(null|\"([^\"]*)\")").matcher(line);
    assertTrue(m.find(), name + " in " + line);
    return m.group(2);
  }

  static String masked(String jsonLine) {
    return jsonLine.replaceAll("\"(local_addr|remote_addr|comm)\":\"[^\"]*\"", "\"$1\":\"*\"");
  }

  static String replay(Path journal, String format, long from, long to, FlowFilter.Spec filter) {
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out); JournalSource s = JournalSource.open(journal)) {
      TickListener view = OutputFormat.valueOf(format).view(w);
      if (from != Long.MIN_VALUE || to != Long.MAX_VALUE) {
        view = new TimeWindow(from, to, view);
      }
      Replay.run(s, view, new Replay.Options(filter, 0, 0));
    }
    return out.toString();
  }
}
