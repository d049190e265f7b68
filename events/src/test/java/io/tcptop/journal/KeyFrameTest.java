package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.event.*;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key frames: applied where a reader starts, skipped where it reads through them. */
class KeyFrameTest {
  @TempDir Path tmp;
  static final long S = 1_000_000_000L;
  final SessionStart header = new SessionStart(10 * S, "host-a", "6.18", "tcptop test", 5 * S, S, "");
  final Flow a = new Flow(10 * S, 1, 11, Proto.TCP, 4, "10.0.0.1", 40000, "10.0.0.2", 443, 77, "curl");
  final Flow b = new Flow(10 * S, 2, 12, Proto.UDP, 6, "::1", 5353, "::1", 53, 88, "dig");

  ConnectionSnapshot snapshot(Flow f, long number, long in, long out, boolean partial) {
    return new ConnectionSnapshot(20 * S, f, number, in, out, 12 * S, 19 * S, 19 * S,
        f.proto() == Proto.TCP ? TcpState.ESTABLISHED : TcpState.NONE, f.proto() == Proto.TCP ? 321 : -1,
        partial, 300, 340, 640, 2);
  }

  List<ConnectionLine> lines(Path journal) {
    List<ConnectionLine> lines = new ArrayList<>();
    try (JournalSource source = JournalSource.open(journal)) {
      Aggregator agg = new Aggregator((ts, epoch, l) -> lines.addAll(l));
      source.forEach(agg);
      agg.finish();
    }
    return lines;
  }

  @Test
  void aJournalThatStartsWithAKeyFrameContinuesItsConnections() {
    Path j = tmp.resolve("slice");
    try (JournalWriter w = JournalWriter.create(j, JournalWriter.Options.defaults())) {
      w.keyFrame(List.of(header.at(20 * S), a, b, snapshot(a, 4, 1000, 2000, true), snapshot(b, 9, 50, 60, false)));
      w.onTraffic(20 * S + 1, a, Direction.RECV, 10);
      w.onTraffic(20 * S + 2, b, Direction.SEND, 5);
      w.onEvent(new Tick(21 * S));
      w.onEvent(new SessionEnd(21 * S, 2, 0));
    }
    try (JournalSource source = JournalSource.open(j)) {
      assertEquals(header.session(), source.header().session());
      assertEquals(20 * S, source.header().tsNs(), "the header is the key frame's, at its tick");
    }
    List<ConnectionLine> lines = lines(j);
    assertEquals(2, lines.size());
    ConnectionLine la = lines.stream().filter(l -> l.flow().id() == 1).findFirst().orElseThrow();
    assertEquals(1010, la.bytesIn());
    assertEquals(2000, la.bytesOut());
    assertEquals(10.0, la.rateIn(), 1e-9, "the tick after the key frame is one second long");
    assertTrue(la.partial());
    assertEquals(321, la.rttUs());
    assertEquals(4, la.connection());
    ConnectionLine lb = lines.stream().filter(l -> l.flow().id() == 2).findFirst().orElseThrow();
    assertEquals(65, lb.bytesOut());
    assertFalse(lb.partial());
  }

  @Test
  void aReaderFromTheStartSkipsTheKeyFramesItMeets() {
    Path j = tmp.resolve("journal");
    try (JournalWriter w = JournalWriter.create(j, header, JournalWriter.Options.defaults())) {
      w.onEvent(a);
      w.onTraffic(11 * S, a, Direction.RECV, 7);
      w.onEvent(new Tick(12 * S));
      // A frame that disagrees with the stream: a reader from the start must not apply it.
      w.keyFrame(List.of(header.at(12 * S), a, snapshot(a, 0, 999_999, 999_999, true)));
      w.onTraffic(12 * S + 5, a, Direction.RECV, 3);
      w.onEvent(new FlowGone(12 * S + 6, 1));
      w.onEvent(new Tick(13 * S));
      w.onEvent(new SessionEnd(13 * S, 2, 0));
    }
    List<ConnectionLine> lines = lines(j);
    assertEquals(10, lines.get(lines.size() - 1).bytesIn());
    assertFalse(lines.get(lines.size() - 1).partial());
    try (JournalSource source = JournalSource.open(j)) {
      var outcome = source.forEach(new EventHandler() {
        @Override
        public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {}

        @Override
        public void onEvent(Event event) {
          assertFalse(event instanceof ConnectionSnapshot, "no snapshot reaches a reader from the start");
        }
      });
      assertEquals(EventSource.Ending.CLEAN, outcome.ending());
    }
  }

  @Test
  void aForgottenFlowsIdDescribesANewFlowAfterwards() {
    Path j = tmp.resolve("reuse");
    Flow again = new Flow(12 * S, 1, 99, Proto.TCP, 4, "10.9.9.9", 1, "10.8.8.8", 2, 5, "nc");
    List<Event> seen = new ArrayList<>();
    try (JournalWriter w = JournalWriter.create(j, header, JournalWriter.Options.defaults())) {
      w.onEvent(a);
      w.onEvent(new FlowGone(11 * S, 1));
      w.onEvent(again);
      w.onTraffic(12 * S, again, Direction.SEND, 1);
    }
    try (JournalSource source = JournalSource.open(j)) {
      source.forEach(new EventHandler() {
        @Override
        public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
          seen.add(new Traffic(tsNs, flow, direction, bytes));
        }

        @Override
        public void onEvent(Event event) {
          seen.add(event);
        }
      });
    }
    assertEquals(new FlowGone(11 * S, 1), seen.get(2));
    assertEquals(again, ((Traffic) seen.get(4)).flow());
  }
}
