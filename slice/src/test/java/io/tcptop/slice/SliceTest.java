package io.tcptop.slice;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.aggregate.TickListener;
import io.tcptop.event.Proto;
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
