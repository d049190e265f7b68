package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.event.Proto;
import io.tcptop.fixtures.Busy;
import io.tcptop.fixtures.Scenario;
import io.tcptop.journal.JournalSource;
import io.tcptop.journal.Retention;
import io.tcptop.stream.FlowFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeking through a saved state shows exactly what a straight play shows: a frame maker started
 * from the state saved after any tick, reading on from the journal position saved with it, makes
 * frames identical in everything they show (rows in order, numbers, totals, histories, states) to
 * the frames a reading from the start makes for the same ticks; and the player, seeking back and
 * forth, answers each request with the straight play's frame while reading only a few ticks.
 */
class SeekTest {
  @TempDir Path tmp;
  final BlockingQueue<JournalPlayer.Reply> replies = new LinkedBlockingQueue<>();
  JournalPlayer player;

  @AfterEach
  void close() {
    if (player != null) {
      player.close();
    }
  }

  /** A straight reading that saves the frame maker's state and the journal's position after each tick. */
  static final class SavingReading implements FrameSink {
    final JournalSource source;
    final List<Long> ticks = new ArrayList<>();
    final List<FrameMaker.Saved> saved = new ArrayList<>();
    final List<JournalSource.Position> positions = new ArrayList<>();
    FrameMaker maker;

    SavingReading(JournalSource source) {
      this.source = source;
    }

    @Override
    public boolean wants(long index, long epochNs) {
      return false;
    }

    @Override
    public void frame(Frame frame) {}

    @Override
    public void ticked(long index, long epochNs) {
      JournalSource.Position p = source.position();
      if (p != null) {
        ticks.add(index);
        saved.add(maker.save());
        positions.add(p);
      }
    }
  }

  static void assertSame(Frame expected, Frame actual, String what) {
    FixtureFrames.assertSameFrames(List.of(expected), List.of(actual), what);
  }

  /** Restores after every {@code stride}-th tick and compares what follows with the straight play. */
  static int checkRestores(Path journal, FlowFilter.Spec filter, int stride) {
    List<Frame> straight = FixtureFrames.of(journal, filter);
    SavingReading saving;
    try (JournalSource s = JournalSource.open(journal)) {
      saving = new SavingReading(s);
      saving.maker = new FrameMaker(saving);
      s.forEach(FlowFilter.wrap(filter, saving.maker));
    }
    assertFalse(saving.ticks.isEmpty(), journal + ": no state saved");
    int checked = 0;
    for (int i = 0; i < saving.ticks.size(); i += stride) {
      long tick = saving.ticks.get(i);
      List<Frame> after = new ArrayList<>();
      FrameMaker restored = new FrameMaker(saving.saved.get(i), after::add);
      try (JournalSource s = JournalSource.open(journal)) {
        assertNotNull(s.forEachFrom(saving.positions.get(i), FlowFilter.wrap(filter, restored)));
      }
      restored.finish();
      FixtureFrames.assertSameFrames(straight.subList((int) tick + 1, straight.size()), after,
          journal + ": the frames after tick " + tick + " from its saved state");
      checked++;
    }
    return checked;
  }

  static Path busy(Path dir, int ticks, long seed) {
    Busy.write(new Scenario(dir, 250_000_000L, ""), ticks, 250, seed);
    return dir;
  }

  @Test
  void everyFixtureShowsTheSameFramesFromTheStateSavedAfterAnyTick() throws IOException {
    List<Path> journals;
    try (Stream<Path> s = Files.list(FixtureFrames.FIXTURES)) {
      journals = s.filter(JournalSource::looksLikeJournal).sorted().toList();
    }
    assertTrue(journals.size() >= 9);
    for (Path j : journals) {
      checkRestores(j, FlowFilter.Spec.ALL, 1);
    }
  }

  @Test
  void aBusyJournalWithClosesExpiriesPartialsAndLossShowsTheSameFramesFromSavedStates() {
    Path j = busy(tmp.resolve("busy"), 160, 7);
    List<Frame> straight = FixtureFrames.of(j, FlowFilter.Spec.ALL);
    assertTrue(straight.stream().anyMatch(f -> f.rows().stream().anyMatch(r -> r.line().closed())), "closes");
    assertTrue(straight.stream().anyMatch(f -> f.rows().stream().anyMatch(r -> r.line().partial())), "partial");
    assertTrue(straight.stream().anyMatch(f -> f.totals().tickLost() > 0), "loss");
    assertTrue(straight.stream().mapToLong(f -> f.rows().stream().filter(r -> r.line().flow().proto() == Proto.UDP).count()).max().orElse(0) > 0);
    assertTrue(checkRestores(j, FlowFilter.Spec.ALL, 5) > 25);
    assertTrue(checkRestores(j, new FlowFilter.Spec(null, null, null, Proto.UDP), 11) > 10, "filtered");
  }

  @Test
  void aRollingJournalShowsTheSameFramesFromSavedStatesAcrossItsCycles() {
    Path j = tmp.resolve("rolled");
    System.setProperty("tcptop.rollCycle", "SECONDLY");
    try {
      Busy.write(new Scenario(j, 250_000_000L, "", new Retention(0, 0, 1)), 48, 250, 8);
    } finally {
      System.clearProperty("tcptop.rollCycle");
    }
    assertTrue(checkRestores(j, FlowFilter.Spec.ALL, 2) > 20);
  }

  JournalPlayer player(Path journal, JournalPlayer.Seeking seeking) {
    player = new JournalPlayer(() -> JournalSource.open(journal), FlowFilter.Spec.ALL, replies::add, Long.MIN_VALUE, seeking);
    return player;
  }

  Frame shown(JournalPlayer.Target t) throws InterruptedException {
    long id = player.request(t);
    while (true) {
      JournalPlayer.Reply r = replies.poll(60, TimeUnit.SECONDS);
      assertNotNull(r, "no answer to " + t);
      if (r instanceof JournalPlayer.Reply.Damaged || r.request() < id) {
        continue; // an answer to a request made before
      }
      assertEquals(id, r.request());
      return assertInstanceOf(JournalPlayer.Reply.Shown.class, r, () -> "for " + t + ": " + r).frame();
    }
  }

  @Test
  void goingBackStartsFromTheLatestStateBeforeTheTickAndReadsNoMoreThanTheSpacing() throws Exception {
    Path j = busy(tmp.resolve("busy"), 120, 9);
    List<Frame> straight = FixtureFrames.of(j, FlowFilter.Spec.ALL);
    player(j, new JournalPlayer.Seeking(4, 64L << 20, false));
    for (int i = 0; i <= 100; i++) {
      assertSame(straight.get(i), shown(new JournalPlayer.Target.Tick(i)), "tick " + i);
    }
    assertEquals(1, player.readingsFromStart(), "playing forward is one reading");
    for (int i : new int[] {99, 50, 51, 3, 97, 64, 65, 2, 41}) {
      assertSame(straight.get(i), shown(new JournalPlayer.Target.Tick(i)), "tick " + i);
    }
    assertEquals(1, player.readingsFromStart(), "every seek back started from a saved state");
    assertTrue(player.readingsFromSaved() >= 7, "readings from saved states: " + player.readingsFromSaved());
    player.request(new JournalPlayer.Target.Tick(77));
    Frame f = shown(new JournalPlayer.Target.Tick(78));
    assertSame(straight.get(78), f, "frame");
    assertTrue(player.lastReadingTicks() <= 4, "read " + player.lastReadingTicks() + " ticks to reach tick 78");
  }

  @Test
  void theBackgroundReadingSavesStatesForTheWholeRecordingAndSeeksUseThem() throws Exception {
    Path j = busy(tmp.resolve("busy"), 160, 10);
    List<Frame> frames = FixtureFrames.of(j, FlowFilter.Spec.ALL);
    List<Frame> straight = frames;
    player(j, new JournalPlayer.Seeking(8, 64L << 20, true));
    assertSame(straight.get(0), shown(new JournalPlayer.Target.Tick(0)), "tick " + 0);
    // The next request starts the background reading; wait until it has read everything.
    assertSame(straight.get(1), shown(new JournalPlayer.Target.Tick(1)), "tick " + 1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (player.snapshots().before(new JournalPlayer.Target.Last()) == null
        || player.snapshots().before(new JournalPlayer.Target.Last()).tick() < straight.size() - 9) {
      assertTrue(System.nanoTime() < deadline, "the background reading never got to the end");
      Thread.sleep(20);
    }
    Random r = new Random(3);
    for (int k = 0; k < 40; k++) {
      int i = r.nextInt(straight.size());
      JournalPlayer.Target t = switch (k % 3) {
        case 0 -> new JournalPlayer.Target.Tick(i);
        case 1 -> new JournalPlayer.Target.Time(frames.get(i).epochNs() - (i > 0 ? 1 : 0));
        default -> new JournalPlayer.Target.Time(frames.get(i).epochNs());
      };
      assertSame(straight.get(i), shown(t), "seek to " + t);
      assertTrue(player.lastReadingTicks() <= 8 || i < 8, "read " + player.lastReadingTicks() + " ticks for " + t);
    }
    Frame last = shown(new JournalPlayer.Target.Last());
    assertSame(straight.get(straight.size() - 1), last, "frame");
    assertEquals(1, player.readingsFromStart(), "only the first reading starts at the journal's start");
  }

  @Test
  void aSeekBeyondTheBackgroundReadingWaitsForItAndAnswersTheSame() throws Exception {
    Path j = busy(tmp.resolve("busy"), 200, 11);
    List<Frame> straight = FixtureFrames.of(j, FlowFilter.Spec.ALL);
    player(j, new JournalPlayer.Seeking(8, 64L << 20, true));
    shown(new JournalPlayer.Target.Tick(0));
    shown(new JournalPlayer.Target.Tick(1));
    Frame last = shown(new JournalPlayer.Target.Last());
    assertSame(straight.get(straight.size() - 1), last, "frame");
    Frame middle = shown(new JournalPlayer.Target.Tick(straight.size() / 2));
    assertSame(straight.get(straight.size() / 2), middle, "frame");
    assertEquals(1, player.readingsFromStart());
  }

  @Test
  void statesStayWithinTheirBudgetTheSpacingDoublingAsItFills() throws Exception {
    Path j = busy(tmp.resolve("busy"), 200, 12);
    List<Frame> straight = FixtureFrames.of(j, FlowFilter.Spec.ALL);
    long budget = 2_000_000;
    player(j, new JournalPlayer.Seeking(2, budget, false));
    shown(new JournalPlayer.Target.Last());
    Snapshots s = player.snapshots();
    assertTrue(s.bytes() <= budget, s.bytes() + " bytes held");
    assertTrue(s.spacing() > 2, "spacing " + s.spacing());
    assertTrue(s.size() >= 3, s.size() + " states");
    int mid = straight.size() / 2;
    assertSame(straight.get(mid), shown(new JournalPlayer.Target.Tick(mid)), "tick " + mid);
    assertTrue(player.lastReadingTicks() <= s.spacing(), player.lastReadingTicks() + " ticks read, spacing " + s.spacing());
    assertEquals(1, player.readingsFromStart());
  }

  @Test
  void withoutSavedStatesEverySeekBackReadsFromTheStart() throws Exception {
    Path j = busy(tmp.resolve("busy"), 40, 13);
    List<Frame> straight = FixtureFrames.of(j, FlowFilter.Spec.ALL);
    player(j, JournalPlayer.Seeking.NONE);
    assertSame(straight.get(30), shown(new JournalPlayer.Target.Tick(30)), "tick " + 30);
    assertSame(straight.get(20), shown(new JournalPlayer.Target.Tick(20)), "tick " + 20);
    assertEquals(2, player.readingsFromStart());
    assertEquals(0, player.readingsFromSaved());
  }
}
