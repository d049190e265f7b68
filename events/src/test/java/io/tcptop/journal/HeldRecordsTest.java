package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.Flow;
import io.tcptop.event.Loss;
import io.tcptop.event.LossCause;
import io.tcptop.event.Proto;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import io.tcptop.event.Tick;
import io.tcptop.event.Traffic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records held back and then written (what a slice does with a tick's events) make the same
 * journal, byte for byte, as the same records handed over one by one.
 */
class HeldRecordsTest {
  private static final SessionStart HEADER = new SessionStart(1_000, "h", "k", "t", 0, 1_000_000_000L, "");
  private static final Flow A = new Flow(1_001, 1, 11, Proto.TCP, 4, "10.0.0.1", 40000, "10.0.0.2", 443, 7, "curl");
  private static final Flow B = new Flow(1_002, 2, 12, Proto.UDP, 6, "2001:db8::1", 53, "2001:db8::2", 5353, 8, "dig");

  @TempDir Path tmp;

  /** Ticks with few events (a batch partly filled) and with many (batches that fill up). */
  private static List<List<Event>> ticks() {
    List<List<Event>> ticks = new ArrayList<>();
    long ts = 2_000;
    for (int t = 0; t < 6; t++) {
      List<Event> events = new ArrayList<>();
      int n = t % 2 == 0 ? 3 : 20_000 + t * 1_000;
      for (int i = 0; i < n; i++) {
        ts += 10;
        events.add(new Traffic(ts, i % 3 == 0 ? B : A, i % 2 == 0 ? Direction.SEND : Direction.RECV, i));
        if (i % 5_000 == 4_999) {
          events.add(new StateChange(ts, A, TcpState.ESTABLISHED, TcpState.ESTABLISHED, i, i, 42));
          events.add(new Loss(ts, LossCause.RING_BUFFER_FULL, 3));
          events.add(A.withOwner(ts, 9, "curl2"));
        }
      }
      ts += 10;
      events.add(new Tick(ts));
      ticks.add(events);
    }
    return ticks;
  }

  @Test
  void heldRecordsMakeTheJournalThatHandingThemOverOneByOneMakes() {
    Path oneByOne = tmp.resolve("one-by-one");
    Path held = tmp.resolve("held");
    try (JournalWriter w = JournalWriter.create(oneByOne, HEADER, JournalWriter.Options.defaults())) {
      w.onEvent(A);
      w.onEvent(B);
      w.onFlush(); // as a slice's key frame is, before its first tick's events
      for (List<Event> tick : ticks()) {
        tick.forEach(w::accept);
        w.onFlush();
      }
      w.onEvent(new SessionEnd(99_999_999, 1, 2));
    }
    try (JournalWriter w = JournalWriter.create(held, HEADER, JournalWriter.Options.defaults())) {
      HeldRecords h = w.hold();
      w.onEvent(A);
      w.onEvent(B);
      w.onFlush();
      for (List<Event> tick : ticks()) {
        tick.subList(0, tick.size() - 1).forEach(h::accept);
        long count = h.records();
        assertEquals(tick.size() - 1, count);
        w.write(h);
        assertTrue(h.isEmpty(), "written records are not held any more");
        w.accept(tick.get(tick.size() - 1));
        w.onFlush();
      }
      w.onEvent(new SessionEnd(99_999_999, 1, 2));
      assertEquals(3 + ticks().stream().mapToInt(List::size).sum() + 1, w.records(), "records counted as written");
    }
    List<byte[]> expected = documents(oneByOne);
    List<byte[]> actual = documents(held);
    assertTrue(expected.size() > 20, "several batches per tick: " + expected.size());
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "document " + i);
    }
  }

  @Test
  void clearedRecordsAreNeverWritten() {
    Path dir = tmp.resolve("j");
    try (JournalWriter w = JournalWriter.create(dir, HEADER, JournalWriter.Options.defaults())) {
      HeldRecords h = w.hold();
      w.onEvent(A);
      for (int i = 0; i < 50_000; i++) {
        h.onTraffic(2_000 + i, A, Direction.SEND, 1_000_000 + i); // beyond a batch: several are dropped
      }
      h.clear();
      assertEquals(0, h.records());
      h.onTraffic(3_000, A, Direction.RECV, 5);
      w.write(h);
      w.onEvent(new Tick(3_001));
    }
    JournalRoundTripTest.Collect c = new JournalRoundTripTest.Collect();
    try (JournalSource r = JournalSource.open(dir)) {
      r.forEach(c);
    }
    assertEquals(List.of(HEADER, A, new Traffic(3_000, A, Direction.RECV, 5), new Tick(3_001)), c.events);
  }

  @Test
  void aRollingJournalTakesNoHeldRecords() {
    JournalWriter.Options rolling = JournalWriter.Options.defaults().rolling(new Retention(60_000, 0, 3));
    try (JournalWriter w = JournalWriter.create(tmp.resolve("r"), HEADER, rolling)) {
      HeldRecords h = w.hold();
      h.onTraffic(2_000, A, Direction.SEND, 1);
      assertThrows(IllegalStateException.class, () -> w.write(h));
    }
  }

  /** The journal's documents (its batches) as Chronicle holds them. */
  static List<byte[]> documents(Path dir) {
    List<byte[]> docs = new ArrayList<>();
    try (SingleChronicleQueue q = Chronicle.forReading(dir); ExcerptTailer t = q.createTailer()) {
      while (true) {
        try (DocumentContext dc = t.readingDocument()) {
          if (!dc.isPresent()) {
            return docs;
          }
          Bytes<?> b = dc.wire().bytes();
          byte[] doc = new byte[(int) b.readRemaining()];
          b.read(doc);
          docs.add(doc);
        }
      }
    }
  }
}
