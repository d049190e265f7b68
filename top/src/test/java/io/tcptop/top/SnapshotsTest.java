package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.journal.JournalSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The saved states: which ticks get one, which one a seek starts from, and the budget. */
class SnapshotsTest {
  static FrameMaker.Saved saved;
  static JournalSource.Position position;

  @BeforeAll
  static void aRealState() {
    try (JournalSource s = JournalSource.open(FixtureFrames.FIXTURES.resolve("many-connections"))) {
      SeekTest.SavingReading r = new SeekTest.SavingReading(s);
      r.maker = new FrameMaker(r);
      s.forEach(r.maker);
      saved = r.saved.get(r.saved.size() / 2);
      position = r.positions.get(r.positions.size() / 2);
    }
  }

  static Snapshots.Snapshot at(long tick) {
    return new Snapshots.Snapshot(tick, 1_000 + tick * 10, 1_000 + tick * 10, saved, position);
  }

  @Test
  void aStateIsDueEverySpacingTicksOnce() {
    Snapshots s = new Snapshots(4, 1L << 30, Long.MIN_VALUE);
    assertTrue(s.due(0));
    assertFalse(s.due(3));
    assertTrue(s.due(8));
    s.add(at(8));
    assertFalse(s.due(8), "one is enough");
    s.add(at(9));
    assertEquals(1, s.size(), "not due: not kept");
  }

  @Test
  void aSeekStartsFromTheLatestStateBeforeItsTarget() {
    Snapshots s = new Snapshots(4, 1L << 30, Long.MIN_VALUE);
    for (long t = 0; t <= 40; t += 4) {
      s.add(at(t));
    }
    assertNull(s.before(new JournalPlayer.Target.Tick(0)), "tick 0: from the start");
    assertEquals(0, s.before(new JournalPlayer.Target.Tick(1)).tick());
    assertEquals(0, s.before(new JournalPlayer.Target.Tick(4)).tick(), "the state after tick 4 is past tick 4's frame");
    assertEquals(4, s.before(new JournalPlayer.Target.Tick(5)).tick());
    assertEquals(40, s.before(new JournalPlayer.Target.Tick(1000)).tick());
    assertEquals(40, s.before(new JournalPlayer.Target.Last()).tick());
    // Tick t ends at 1000 + 10 t: the first tick ending at or after 1085 is 9, the state after 8 comes before it.
    assertEquals(8, s.before(new JournalPlayer.Target.Time(1_085)).tick());
    assertEquals(4, s.before(new JournalPlayer.Target.Time(1_080)).tick(), "tick 8 ends at 1080: its own frame is the target");
    assertNull(s.before(new JournalPlayer.Target.Time(1_000)));
  }

  @Test
  void pastTheBudgetEveryOtherStateGoesAndTheSpacingDoubles() {
    long one = at(0).bytes();
    Snapshots s = new Snapshots(2, 10 * one, Long.MIN_VALUE);
    for (long t = 0; t <= 200; t++) {
      if (s.due(t)) {
        s.add(at(t));
      }
      assertTrue(s.bytes() <= 10 * one, "tick " + t + ": " + s.bytes() + " bytes held");
    }
    assertTrue(s.spacing() >= 32, "spacing " + s.spacing());
    assertTrue(s.size() >= 5, s.size() + " states");
    assertEquals(s.size() * one, s.bytes());
    long spacing = s.spacing();
    for (long t = 0; t <= 200; t++) {
      Snapshots.Snapshot b = s.before(new JournalPlayer.Target.Tick(t + 1));
      if (b != null) {
        assertEquals(0, b.tick() % spacing);
        assertTrue(t - b.tick() < spacing || b.tick() == s.before(new JournalPlayer.Target.Last()).tick());
      }
    }
  }

  @Test
  void aStateTooLargeForTheBudgetIsNotKept() {
    Snapshots s = new Snapshots(1, 3 * at(0).bytes(), Long.MIN_VALUE);
    assertFalse(s.fits(at(0).bytes()));
    s.add(at(0));
    assertEquals(0, s.size());
  }
}
