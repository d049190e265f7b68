package io.tcptop.analyze.export;

import java.nio.file.Path;

/** What a long export reports while it runs; the CLI draws it, tests ignore it. */
public interface Progress {
  Progress NONE = new Progress() {};

  /** Journal {@code index} (from 0) of {@code count} starts. */
  default void journal(Path journal, int index, int count) {}

  /** Records read from the current journal so far (called every few thousand records). */
  default void records(long recordsInJournal) {}
}
