package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.journal.JournalSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The screen model against committed screens: a fixture journal read through the frame maker, one
 * of its ticks, a terminal size and a key sequence give exactly the text in
 * {@code top/src/test/screens/NAME.txt}. With -Dtcptop.regenerate=true the files are written
 * instead (see top/README.md); review the diff.
 */
class GoldenScreensTest {
  static final Path SCREENS = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("top/src/test/screens");
  static final boolean REGENERATE = Boolean.getBoolean("tcptop.regenerate");

  /** One screen: {@code tick} counts from 0; {@code keys} as {@link Key#parse} reads them. */
  record Case(String name, String fixture, int tick, int columns, int rows, String keys) {}

  static final List<Case> CASES = List.of(
      new Case("tcp-v4-80x24", "tcp-v4", 1, 80, 24, ""),
      new Case("tcp-v4-120x40-closing", "tcp-v4", 2, 120, 40, ""),
      new Case("tcp-v4-detail-of-closed", "tcp-v4", 2, 120, 40, "<down><down><enter>"),
      new Case("tcp-v4-sorted-by-pid", "tcp-v4", 2, 120, 24, "<gt><gt><gt><gt>"),
      new Case("tcp-v4-sorted-by-pid-reversed", "tcp-v4", 2, 120, 24, "<gt><gt><gt><gt>r"),
      new Case("tcp-v4-help-80x24", "tcp-v4", 1, 80, 24, "?"),
      new Case("tcp-v4-too-small", "tcp-v4", 1, 50, 10, ""),
      new Case("tcp-v6-80x24", "tcp-v6", 1, 80, 24, ""),
      new Case("tcp-v6-200x30", "tcp-v6", 1, 200, 30, ""),
      new Case("udp-expiry-detail", "udp-expiry", 2, 120, 30, "<enter>"),
      new Case("pid0-state", "pid0-state", 1, 120, 24, ""),
      new Case("seed-partial", "seed-partial", 0, 120, 24, ""),
      new Case("loss-banner", "loss", 1, 100, 16, ""),
      new Case("truncated-tail", "truncated-tail", 0, 120, 16, ""),
      new Case("many-80x24", "many-connections", 1, 80, 24, ""),
      new Case("many-80x24-page-down", "many-connections", 1, 80, 24, "<page-down><down>"),
      new Case("many-filter-nginx", "many-connections", 3, 120, 40, "/nginx<enter>"),
      new Case("many-filter-nothing", "many-connections", 3, 120, 20, "/no-such-thing<enter>"),
      new Case("many-filter-typing", "many-connections", 3, 120, 20, "/ngx<backspace>inx"),
      new Case("many-grouped", "many-connections", 1, 120, 40, "t"),
      new Case("many-grouped-open", "many-connections", 1, 120, 40, "t<down><enter>"),
      new Case("many-sorted-by-process", "many-connections", 5, 160, 30, "<lt><lt><lt><lt><lt><lt><lt>"),
      new Case("recorded-loopback-wide", "recorded-loopback", 1, 220, 30, ""),
      new Case("unknown-key", "tcp-v4", 1, 100, 14, "x"),
      new Case("containers-160x30", "containers", 1, 160, 30, ""),
      new Case("containers-80x24", "containers", 1, 80, 24, ""),
      new Case("containers-grouped-by-cgroup", "containers", 1, 120, 30, "c"),
      new Case("containers-grouped-by-cgroup-open", "containers", 1, 120, 30, "c<enter>"),
      new Case("containers-grouped-by-process", "containers", 1, 120, 30, "ct"),
      new Case("containers-detail-in-docker", "containers", 1, 120, 30, "<enter>"),
      new Case("containers-detail-in-pod-80x24", "containers", 1, 80, 24, "/9b1c<enter><down><enter>"),
      new Case("containers-detail-cgroup-gone", "containers", 1, 120, 30, "/psql<enter><enter>"),
      new Case("containers-filter-unit", "containers", 1, 120, 24, "/session-3<enter>"));

  @TestFactory
  List<DynamicTest> everyCaseDrawsItsCommittedScreen() throws IOException {
    Files.createDirectories(SCREENS);
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : CASES) {
      tests.add(DynamicTest.dynamicTest(c.name(), () -> {
        String screen = draw(c);
        Path file = SCREENS.resolve(c.name() + ".txt");
        if (REGENERATE) {
          Files.writeString(file, screen, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), "no golden screen " + file + ": run with -Dtcptop.regenerate=true");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), screen, "screen differs from " + file);
      }));
    }
    return tests;
  }

  static String draw(Case c) {
    List<Frame> frames = FixtureFrames.of(c.fixture());
    TopScreen screen = new TopScreen(true, status(c.fixture()));
    screen.resize(c.columns(), c.rows());
    screen.show(frames.get(c.tick()));
    for (Key k : Key.parse(c.keys())) {
      screen.key(k);
    }
    return FixtureFrames.text(screen);
  }

  /** What {@code tcptop top fixtures/NAME} puts in its header, paused. */
  static Status status(String fixture) {
    try (JournalSource s = JournalSource.open(FixtureFrames.FIXTURES.resolve(fixture))) {
      return new Status("recording fixtures/" + fixture, "❚❚ paused", s.header().startEpochNs(),
          s.header().toEpochNs(s.lastTimestampNs()));
    }
  }
}
