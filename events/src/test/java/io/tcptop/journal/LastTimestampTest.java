package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The time of a journal's last record, read from its end alone, is the latest time a full reading sees. */
class LastTimestampTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");

  @TestFactory
  List<DynamicTest> everyFixturesLastTimestampIsTheLatestOfAllItsRecords() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> s = Files.list(FIXTURES)) {
      for (Path j : s.filter(JournalSource::looksLikeJournal).sorted().toList()) {
        tests.add(DynamicTest.dynamicTest(j.getFileName().toString(), () -> {
          long[] latest = {Long.MIN_VALUE};
          try (JournalSource source = JournalSource.open(j)) {
            long fromTheEnd = source.lastTimestampNs();
            source.forEach(new EventHandler() {
              @Override
              public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
                latest[0] = Math.max(latest[0], tsNs);
              }

              @Override
              public void onEvent(Event event) {
                latest[0] = Math.max(latest[0], event.tsNs());
              }
            });
            assertEquals(latest[0], fromTheEnd);
            assertEquals(fromTheEnd, source.lastTimestampNs(), "asked again after reading");
          }
        }));
      }
    }
    assertTrue(tests.size() >= 9);
    return tests;
  }

  /**
   * A CGROUP record (format 3) has no time: its first long is the cgroup's id, which can be far
   * larger than any time. A batch that ends with a flow described with a new cgroup still gives
   * the time of its last timed record.
   */
  @org.junit.jupiter.api.Test
  void aCgroupsIdIsNoTime(@org.junit.jupiter.api.io.TempDir Path tmp) {
    Path journal = tmp.resolve("cgroup-id");
    long afterStart;
    try (io.tcptop.fixtures.Scenario s = new io.tcptop.fixtures.Scenario(journal)) {
      s.at(10);
      io.tcptop.event.Cgroup huge = io.tcptop.event.Cgroup.of(Long.MAX_VALUE - 7, "/system.slice/late.service");
      Flow f = s.tcp("10.0.0.1", 40000, "10.0.0.2", 80, 42, "late", huge, 4026531840L);
      s.at(20).send(f, 100);
      afterStart = 20_000_000L;
    }
    long[] latest = {Long.MIN_VALUE};
    try (JournalSource source = JournalSource.open(journal)) {
      long fromTheEnd = source.lastTimestampNs();
      source.forEach(new EventHandler() {
        @Override
        public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
          latest[0] = Math.max(latest[0], tsNs);
        }

        @Override
        public void onEvent(Event event) {
          latest[0] = Math.max(latest[0], event.tsNs());
        }
      });
      assertEquals(latest[0], fromTheEnd);
      assertTrue(fromTheEnd >= io.tcptop.fixtures.Scenario.START_NS + afterStart && fromTheEnd < Long.MAX_VALUE / 2, "" + fromTheEnd);
    }
  }
}
