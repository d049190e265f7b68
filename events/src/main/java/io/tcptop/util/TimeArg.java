package io.tcptop.util;

import io.tcptop.error.UsageException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A point in a recording as the user writes it: an ISO-8601 instant (2026-11-26T14:02:03Z), a
 * UTC time of day on the session's first day (14:02:03), or an offset from the session start
 * (+30s).
 */
public record TimeArg(String text) {

  /** The point in epoch nanoseconds, for a session that started at {@code startEpochNs}. */
  public long toEpochNs(long startEpochNs) {
    if (text.startsWith("+")) {
      return startEpochNs + Durations.parseNanos(text.substring(1));
    }
    try {
      Instant i = Instant.parse(text);
      return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    } catch (DateTimeParseException notInstant) {
      try {
        LocalTime t = LocalTime.parse(text);
        Instant day = Instant.ofEpochSecond(Math.floorDiv(startEpochNs, 1_000_000_000L))
            .atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        return day.getEpochSecond() * 1_000_000_000L + t.toNanoOfDay();
      } catch (DateTimeParseException notTime) {
        throw new UsageException("'" + text + "' is not a time: use 2026-11-26T14:02:03Z, 14:02:03 (UTC) or +30s from the start");
      }
    }
  }
}
