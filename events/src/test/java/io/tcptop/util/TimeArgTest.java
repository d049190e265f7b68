package io.tcptop.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tcptop.error.UsageException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The forms of --from/--to, and the zone that times without an offset are read in. */
class TimeArgTest {
  /** 2026-11-26T23:30:00Z: already the 27th in Berlin. */
  static final long START = Instant.parse("2026-11-26T23:30:00Z").getEpochSecond() * 1_000_000_000L;

  private static long ns(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Test
  void instantsWithAnOffsetAreTheSameInEveryZone() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    assertEquals(ns("2026-11-26T23:40:00Z"), new TimeArg("2026-11-26T23:40:00Z").toEpochNs(START, berlin));
    assertEquals(ns("2026-11-26T23:40:00Z"), new TimeArg("2026-11-27T00:40:00+01:00").toEpochNs(START));
    assertEquals(START + 30_000_000_000L, new TimeArg("+30s").toEpochNs(START, berlin));
  }

  @Test
  void aTimeOfDayIsOnTheSessionsFirstDayInTheZone() {
    assertEquals(ns("2026-11-26T23:45:00Z"), new TimeArg("23:45").toEpochNs(START));
    assertEquals(ns("2026-11-26T23:45:00Z"), new TimeArg("00:45").toEpochNs(START, ZoneId.of("Europe/Berlin")));
    assertEquals(ns("2026-11-26T23:45:00.5Z"), new TimeArg("18:45:00.5").toEpochNs(START, ZoneOffset.ofHours(-5)));
  }

  @Test
  void aDateAndTimeWithoutAnOffsetIsInTheZone() {
    assertEquals(ns("2026-11-26T23:45:00Z"), new TimeArg("2026-11-27T08:45:00").toEpochNs(START, ZoneId.of("Asia/Tokyo")));
    assertEquals(ns("2026-11-26T23:45:00Z"), new TimeArg("2026-11-26T23:45:00").toEpochNs(START));
  }

  @Test
  void nonsenseAndTimesOutOfRangeAreUsageErrors() {
    assertThrows(UsageException.class, () -> new TimeArg("yesterday").toEpochNs(START));
    assertThrows(UsageException.class, () -> new TimeArg("3000-01-01T00:00:00Z").toEpochNs(START));
  }
}
