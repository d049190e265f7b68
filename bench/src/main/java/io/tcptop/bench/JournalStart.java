package io.tcptop.bench;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.SessionStart;
import io.tcptop.journal.JournalSource;
import java.nio.file.Path;

/**
 * The time of the oldest traffic event a journal still holds, for the retention figures of a
 * rolling journal: opens it read-only as dump does (a recorder may be writing it), stops after
 * the first traffic event, prints its time in epoch milliseconds (nothing when it holds none).
 * A reader starts at the first key frame, so this is the first event after the oldest kept
 * cycle's first TICK: at most one tick later than the oldest record on disk.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.tcptop.bench.JournalStart DIR}
 */
public final class JournalStart {
  private JournalStart() {}

  public static void main(String[] args) {
    try (JournalSource source = JournalSource.open(Path.of(args[0]))) {
      SessionStart header = source.header();
      long[] first = {Long.MIN_VALUE};
      source.forEach(new EventHandler() {
        @Override
        public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
          if (first[0] == Long.MIN_VALUE) {
            first[0] = header.toEpochNs(tsNs);
          }
        }

        @Override
        public void onEvent(Event event) {}

        @Override
        public boolean wantsMore() {
          return first[0] == Long.MIN_VALUE;
        }
      });
      if (first[0] != Long.MIN_VALUE) {
        System.out.println(first[0] / 1_000_000);
      }
    }
  }
}
