package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.journal.JournalSource;
import io.tcptop.stream.FlowFilter;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The player's keys over tcp-v4 (ticks at +1, +2, +3 and +3.5 s), with the clock in the test's
 * hands: frames come at the recorded pace times the speed, and the keys move as they say.
 */
class PlaybackTest {
  static final Path TCP = FixtureFrames.FIXTURES.resolve("tcp-v4");
  static final long S = 1_000_000_000L;

  Playback playback;
  TopScreen screen;
  long now = 1_000 * S;

  @BeforeEach
  void start() {
    Status base;
    try (JournalSource s = JournalSource.open(TCP)) {
      base = new Status("recording", "", s.header().startEpochNs(), s.header().toEpochNs(s.lastTimestampNs()));
    }
    screen = new TopScreen(true, base);
    screen.resize(120, 30);
    playback = new Playback(replies -> new JournalPlayer(() -> JournalSource.open(TCP), FlowFilter.Spec.ALL, replies,
        Long.MIN_VALUE), base);
    playback.start(screen, now);
    settle(() -> shownIndex() == 0);
  }

  @AfterEach
  void stop() {
    playback.stop();
  }

  long shownIndex() {
    return screen.frame() == null ? -1 : screen.frame().index();
  }

  /** Lets the player's thread answer: updates at the test's clock until {@code done}. */
  void settle(BooleanSupplier done) {
    long deadline = System.nanoTime() + 20 * S;
    while (System.nanoTime() < deadline) {
      playback.update(screen, now);
      if (done.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    fail("never settled; on screen: tick " + shownIndex() + ", message " + screen.message());
  }

  /** Updates a while at the current clock, so a frame that is not yet due would have time to show up wrongly. */
  void idle() {
    for (int i = 0; i < 20; i++) {
      playback.update(screen, now);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  void command(Command.Kind kind) {
    playback.command(Command.of(kind), screen, now);
  }

  @Test
  void playsAtTheRecordedPaceTimesTheSpeed() {
    now += S / 2;
    idle();
    assertEquals(0, shownIndex(), "half a tick later, still the first");
    now += S / 2;
    settle(() -> shownIndex() == 1);
    command(Command.Kind.FASTER);
    assertEquals("speed 2x", screen.message());
    now += S / 2;
    settle(() -> shownIndex() == 2);
    command(Command.Kind.SLOWER);
    command(Command.Kind.SLOWER);
    now += S / 2;
    idle();
    assertEquals(2, shownIndex(), "at 1/2x the next tick, half a second on, needs a second");
    now += S / 2;
    settle(() -> shownIndex() == 3);
  }

  @Test
  void pausedNothingMovesUntilAStep() {
    command(Command.Kind.PLAY_PAUSE);
    now += 100 * S;
    idle();
    assertEquals(0, shownIndex());
    assertTrue(FixtureFrames.text(screen).contains("❚❚ paused"));
    command(Command.Kind.STEP_FORWARD);
    settle(() -> shownIndex() == 1);
    command(Command.Kind.STEP_FORWARD);
    settle(() -> shownIndex() == 2);
    command(Command.Kind.STEP_BACK);
    settle(() -> shownIndex() == 1);
    assertEquals(2, screen.frame().rows().size());
    command(Command.Kind.STEP_BACK);
    settle(() -> shownIndex() == 0);
    command(Command.Kind.STEP_BACK);
    assertEquals("this is the first tick", screen.message());
  }

  @Test
  void theEndPausesAndSaysSo() {
    command(Command.Kind.PLAY_PAUSE);
    command(Command.Kind.LAST);
    settle(() -> shownIndex() == 3);
    assertTrue(screen.message().startsWith("went to the last tick: 10:00:03.500 (read in "), screen.message());
    command(Command.Kind.STEP_FORWARD);
    settle(() -> screen.message() != null && screen.message().startsWith("end of the recording"));
    assertEquals("end of the recording (4 ticks): ← steps back, Home goes to the start", screen.message());
    command(Command.Kind.PLAY_PAUSE);
    assertTrue(screen.message().startsWith("end of the recording"), "play at the end stays at the end: " + screen.message());
    command(Command.Kind.FIRST);
    settle(() -> shownIndex() == 0);
  }

  @Test
  void playingToTheEndStopsThere() {
    now += 10 * S;
    settle(() -> shownIndex() == 3);
    settle(() -> screen.message() != null && screen.message().startsWith("end of the recording"));
    assertTrue(FixtureFrames.text(screen).contains("■ end"));
  }

  @Test
  void goToATimeAsUsersTypeIt() {
    playback.command(Command.goTo("+2s"), screen, now);
    settle(() -> shownIndex() == 1);
    playback.command(Command.goTo("10:00:02.5"), screen, now);
    settle(() -> shownIndex() == 2);
    playback.command(Command.goTo("2026-11-20T10:00:01Z"), screen, now);
    settle(() -> shownIndex() == 0);
  }

  @Test
  void aTimeOutsideTheRecordingOrNoTimeAtAllIsAMessage() {
    playback.command(Command.goTo("+1h"), screen, now);
    assertEquals("+1h is outside the recording: 10:00:00.000 to 10:00:03.500 UTC (+3.500s)",
        screen.message());
    playback.command(Command.goTo("09:00"), screen, now);
    assertTrue(screen.message().startsWith("09:00 is outside the recording"));
    playback.command(Command.goTo("banana"), screen, now);
    assertEquals("'banana' is not a time: try 14:02:03 (UTC), +30s or 2026-11-20T10:00:02Z",
        screen.message());
    idle();
    assertEquals(0, shownIndex(), "nothing moved");
  }
}
