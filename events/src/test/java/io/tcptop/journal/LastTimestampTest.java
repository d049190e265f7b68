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
}
