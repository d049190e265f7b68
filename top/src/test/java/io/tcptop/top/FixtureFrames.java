package io.tcptop.top;

import io.tcptop.journal.JournalSource;
import io.tcptop.stream.FlowFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every frame of a journal, made the way top makes them: the journal through the frame maker. */
public final class FixtureFrames {
  private FixtureFrames() {}

  public static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");

  public static List<Frame> of(String fixture) {
    return of(FIXTURES.resolve(fixture), FlowFilter.Spec.ALL);
  }

  public static List<Frame> of(Path journal, FlowFilter.Spec filter) {
    List<Frame> frames = new ArrayList<>();
    FrameMaker maker = new FrameMaker(frames::add);
    try (JournalSource source = JournalSource.open(journal)) {
      source.forEach(FlowFilter.wrap(filter, maker));
    }
    maker.finish();
    return frames;
  }

  /**
   * Everything a frame can show, as text: its tick, totals and session, and each row in order
   * with its line (doubles in full), where and when it was first seen, its states, and its past
   * as the detail panel reads it (the last minute to the frame's tick, and to the row's last
   * active tick, as for a connection no longer open).
   */
  public static String fingerprint(Frame f) {
    StringBuilder sb = new StringBuilder();
    sb.append(f.index()).append(' ').append(f.tsNs()).append(' ').append(f.epochNs()).append(' ')
        .append(f.tickLengthNs()).append(' ').append(f.totals()).append(' ').append(f.session()).append('\n');
    int width = FrameMaker.trailTicks(f.session().tickIntervalNs());
    for (Row r : f.rows()) {
      History h = r.history();
      long last = h.count() == 0 ? -1 : h.ticks()[h.count() - 1];
      sb.append(r.line()).append(" first ").append(h.firstTick()).append(' ').append(h.firstEpochNs())
          .append(" states ").append(h.states()).append(" last ").append(last)
          .append(" in ").append(java.util.Arrays.toString(h.ratesIn(f.index(), width)))
          .append(" out ").append(java.util.Arrays.toString(h.ratesOut(f.index(), width)))
          .append(" rtt ").append(java.util.Arrays.toString(h.rtts(f.index(), width)));
      if (last >= 0) {
        sb.append(" to-last ").append(java.util.Arrays.toString(h.ratesIn(last, width)))
            .append(java.util.Arrays.toString(h.ratesOut(last, width))).append(java.util.Arrays.toString(h.rtts(last, width)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Whether two frames show the same, as {@link #fingerprint} writes it, compared without writing it. */
  public static boolean same(Frame a, Frame b) {
    if (a.index() != b.index() || a.tsNs() != b.tsNs() || a.epochNs() != b.epochNs()
        || a.tickLengthNs() != b.tickLengthNs() || !a.totals().equals(b.totals()) || !a.session().equals(b.session())
        || a.rows().size() != b.rows().size()) {
      return false;
    }
    int width = FrameMaker.trailTicks(a.session().tickIntervalNs());
    for (int i = 0; i < a.rows().size(); i++) {
      Row x = a.rows().get(i);
      Row y = b.rows().get(i);
      History h = x.history();
      History k = y.history();
      long last = h.count() == 0 ? -1 : h.ticks()[h.count() - 1];
      long lastToo = k.count() == 0 ? -1 : k.ticks()[k.count() - 1];
      if (!x.line().equals(y.line()) || h.firstTick() != k.firstTick() || h.firstEpochNs() != k.firstEpochNs()
          || !java.util.Objects.equals(h.states(), k.states()) || last != lastToo
          || !java.util.Arrays.equals(h.ratesIn(a.index(), width), k.ratesIn(a.index(), width))
          || !java.util.Arrays.equals(h.ratesOut(a.index(), width), k.ratesOut(a.index(), width))
          || !java.util.Arrays.equals(h.rtts(a.index(), width), k.rtts(a.index(), width))) {
        return false;
      }
      // The last minute to the row's last active tick: the same as above when that is this tick.
      if (last >= 0 && last != a.index() && (!java.util.Arrays.equals(h.ratesIn(last, width), k.ratesIn(last, width))
          || !java.util.Arrays.equals(h.ratesOut(last, width), k.ratesOut(last, width))
          || !java.util.Arrays.equals(h.rtts(last, width), k.rtts(last, width)))) {
        return false;
      }
    }
    return true;
  }

  /** Asserts that the frames show the same, frame by frame; the first that differs is shown as text. */
  public static void assertSameFrames(List<Frame> expected, List<Frame> actual, String what) {
    org.junit.jupiter.api.Assertions.assertEquals(expected.size(), actual.size(), what + ": frames");
    for (int i = 0; i < expected.size(); i++) {
      if (!same(expected.get(i), actual.get(i))) {
        org.junit.jupiter.api.Assertions.assertEquals(fingerprint(expected.get(i)), fingerprint(actual.get(i)), what + ", frame " + i);
        org.junit.jupiter.api.Assertions.fail(what + ", frame " + i + " differs beyond its text");
      }
    }
  }

  /** The screen as plain text, one line per terminal row, as a golden file holds it. */
  public static String text(TopScreen screen) {
    StringBuilder sb = new StringBuilder();
    for (var line : screen.lines()) {
      sb.append(line.toString()).append('\n');
    }
    return sb.toString();
  }
}
