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

  /** The screen as plain text, one line per terminal row, as a golden file holds it. */
  public static String text(TopScreen screen) {
    StringBuilder sb = new StringBuilder();
    for (var line : screen.lines()) {
      sb.append(line.toString()).append('\n');
    }
    return sb.toString();
  }
}
