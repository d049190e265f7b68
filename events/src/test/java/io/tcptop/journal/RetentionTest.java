package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {
  static final long MIN = 60_000;

  /** Cycles of one minute, the first starting at minute 0, each {@code bytes} big. */
  static List<Retention.CycleFile> cycles(int n, long bytes) {
    List<Retention.CycleFile> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      files.add(new Retention.CycleFile(Path.of("c" + i), i * MIN, MIN, bytes));
    }
    return files;
  }

  @Test
  void cyclesThatEndedBeforeTheWindowGo() {
    var r = new Retention(10 * MIN, 0, 3);
    // Now is 20.5 minutes in: cycles 0..9 ended by minute 10, the window starts at 10.5.
    assertEquals(List.of(Path.of("c0"), Path.of("c1"), Path.of("c2"), Path.of("c3"), Path.of("c4"),
        Path.of("c5"), Path.of("c6"), Path.of("c7"), Path.of("c8"), Path.of("c9")),
        r.toDelete(cycles(21, 1), 20 * MIN + MIN / 2));
  }

  @Test
  void theOldestGoUntilTheRestFitsTheSize() {
    var r = new Retention(0, 1000, 3);
    assertEquals(List.of(Path.of("c0"), Path.of("c1"), Path.of("c2")), r.toDelete(cycles(6, 300), 6 * MIN));
  }

  @Test
  void theLastCyclesStayWhateverTheLimits() {
    var r = new Retention(MIN, 1, 3);
    assertEquals(List.of(Path.of("c0"), Path.of("c1")), r.toDelete(cycles(5, 1_000_000), 100 * MIN));
  }

  @Test
  void withoutLimitsNothingGoes() {
    var r = new Retention(0, 0, 3);
    assertEquals(List.of(), r.toDelete(cycles(50, 1_000_000), 100 * MIN));
  }
}
