package io.tcptop.aggregate;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Loss;
import io.tcptop.event.SessionStart;
import io.tcptop.event.Tick;
import io.tcptop.event.Traffic;
import io.tcptop.fixtures.Busy;
import io.tcptop.fixtures.Scenario;
import io.tcptop.journal.JournalSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An aggregator made from a saved state goes on exactly as the one saved: the same ticks, lines
 * (values and order), losses and connection ends, whether it was saved at a tick or in the middle
 * of one, and however often the same state is started from.
 */
class SavedAggregatorTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");

  @TempDir Path tmp;

  /** Everything an aggregator tells its listeners, in order (records compare field by field, doubles exactly). */
  static final class Log implements TickListener, ConnectionListener {
    final List<Object> lines = new ArrayList<>();

    @Override
    public void onStart(SessionStart header) {
      lines.add(List.of("start", header));
    }

    @Override
    public void onTick(long tsNs, long epochNs, List<ConnectionLine> active) {
      lines.add(List.of("tick", tsNs, epochNs, List.copyOf(active)));
    }

    @Override
    public void onLoss(long epochNs, Loss loss) {
      lines.add(List.of("loss", epochNs, loss));
    }

    @Override
    public void onFinish() {
      lines.add("finish");
    }

    @Override
    public void ended(ConnectionRecord connection) {
      lines.add(List.of("ended", connection));
    }
  }

  static List<Event> events(Path journal) {
    List<Event> events = new ArrayList<>();
    try (JournalSource s = JournalSource.open(journal)) {
      s.forEach(new EventHandler() {
        @Override
        public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
          events.add(new Traffic(tsNs, flow, direction, bytes));
        }

        @Override
        public void onEvent(Event event) {
          events.add(event);
        }
      });
    }
    return events;
  }

  /** Saves after each event that {@code cut} picks and checks the aggregator made from it. */
  static int check(List<Event> events, Aggregator.LineOrder order, java.util.function.IntPredicate cut) {
    Log straight = new Log();
    Aggregator whole = new Aggregator(straight, straight, order);
    List<Integer> logged = new ArrayList<>();
    for (Event e : events) {
      whole.accept(e);
      logged.add(straight.lines.size());
    }
    whole.finish();

    int checked = 0;
    Log saver = new Log();
    Aggregator saving = new Aggregator(saver, saver, order);
    for (int i = 0; i < events.size(); i++) {
      saving.accept(events.get(i));
      if (!cut.test(i)) {
        continue;
      }
      Aggregator.Saved saved = saving.save();
      for (int twice = 0; twice < 2; twice++) {
        Log after = new Log();
        Aggregator restored = new Aggregator(saved, after, after);
        events.subList(i + 1, events.size()).forEach(restored::accept);
        restored.finish();
        assertEquals(straight.lines.subList(logged.get(i), straight.lines.size()), after.lines,
            "restored after event " + i + " (" + events.get(i) + ")");
      }
      checked++;
    }
    saving.finish();
    assertEquals(straight.lines, saver.lines, "saving changes nothing in the aggregator saved");
    return checked;
  }

  @Test
  void everyFixtureGoesOnExactlyFromEveryTickAndFromWithinTicks() throws IOException {
    List<Path> journals;
    try (Stream<Path> s = Files.list(FIXTURES)) {
      journals = s.filter(JournalSource::looksLikeJournal).sorted().toList();
    }
    assertTrue(journals.size() >= 9);
    for (Path j : journals) {
      List<Event> events = events(j);
      // Each tick, and about forty points within ticks.
      int stride = Math.max(7, events.size() / 40);
      assertTrue(check(events, Aggregator.LineOrder.BUSIEST_FIRST, i -> events.get(i) instanceof Tick || i % stride == 3) > 0, j.toString());
    }
  }

  @Test
  void aBusyJournalWithClosesExpiriesSeedsAndLossesGoesOnExactly() {
    Path j = tmp.resolve("busy");
    Busy.write(new Scenario(j, 250_000_000L, ""), 100, 250, 5);
    List<Event> events = events(j);
    assertTrue(events.stream().anyMatch(e -> e instanceof Loss));
    assertTrue(check(events, Aggregator.LineOrder.BUSIEST_FIRST, i -> i % 997 == 0 || (events.get(i) instanceof Tick && i % 3 == 0)) > 50);
    assertTrue(check(events, Aggregator.LineOrder.ANY, i -> events.get(i) instanceof Tick && i % 5 == 0) > 10);
  }

  @Test
  void linesInAnyOrderAreTheSameLines() {
    List<Event> events = events(FIXTURES.resolve("many-connections"));
    List<List<ConnectionLine>> sorted = new ArrayList<>();
    List<List<ConnectionLine>> any = new ArrayList<>();
    Aggregator a = new Aggregator((ts, epoch, lines) -> sorted.add(lines), ConnectionListener.NONE, Aggregator.LineOrder.BUSIEST_FIRST);
    Aggregator b = new Aggregator((ts, epoch, lines) -> any.add(lines), ConnectionListener.NONE, Aggregator.LineOrder.ANY);
    events.forEach(e -> {
      a.accept(e);
      b.accept(e);
    });
    assertEquals(sorted.size(), any.size());
    boolean differs = false;
    for (int i = 0; i < sorted.size(); i++) {
      assertEquals(new java.util.HashSet<>(sorted.get(i)), new java.util.HashSet<>(any.get(i)));
      differs |= !sorted.get(i).equals(any.get(i));
    }
    assertTrue(differs, "some tick's lines come in another order unsorted");
  }
}
