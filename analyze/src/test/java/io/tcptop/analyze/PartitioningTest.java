package io.tcptop.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.error.UsageException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitioningTest {

  @Test
  void parsesTheAcceptedForms() {
    assertEquals(Partitioning.NONE, Partitioning.parse("none"));
    assertEquals(List.of(Partitioning.Key.HOST, Partitioning.Key.DATE), Partitioning.parse("host,date").keys());
    assertEquals(List.of(Partitioning.Key.DATE), Partitioning.parse(" DATE ").keys());
    assertThrows(UsageException.class, () -> Partitioning.parse("host,host"));
    assertThrows(UsageException.class, () -> Partitioning.parse("rack"));
  }

  @Test
  void directoriesAreHiveStyleWithUtcDates() {
    long day = Partitioning.day(1_795_651_199_999_999_999L); // 2026-11-25T23:59:59.999999999Z
    assertEquals("host=web-01/date=2026-11-25", Partitioning.parse("host,date").directory("web-01", day));
    assertEquals("date=2026-11-26", Partitioning.parse("date").directory("x", day + 1));
    assertEquals("", Partitioning.NONE.directory("web-01", day));
    assertEquals(Set.of("host"), Partitioning.parse("host,date").columnsInPaths());
  }

  @Test
  void escapesValuesThatAreNotSafePathSegments() {
    assertEquals("web-01.example.com", Partitioning.escape("web-01.example.com"));
    assertEquals("a%2Fb%3Dc%20d", Partitioning.escape("a/b=c d"));
    assertEquals("%2E%2E", Partitioning.escape(".."));
    assertEquals("__HIVE_DEFAULT_PARTITION__", Partitioning.escape(""));
  }
}
