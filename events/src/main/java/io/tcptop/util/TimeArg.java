package io.tcptop.util;

import io.tcptop.error.UsageException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A point in a recording as the user writes it: an ISO-8601 instant with its offset
 * (2026-11-26T14:02:03Z, 2026-11-26T15:02:03+01:00), a date and time or a time of day in the
 * chosen zone (2026-11-26T14:02:03; 14:02:03 on the session's first day there), or an offset
 * from the session start (+30s).
 */
public record TimeArg(String text) {

  /** The point in epoch nanoseconds, for a session that started at {@code startEpochNs}; times of day in UTC. */
  public long toEpochNs(long startEpochNs) {
    return toEpochNs(startEpochNs, ZoneOffset.UTC);
  }

  /** The point in epoch nanoseconds; a date and time or a time of day without an offset is in {@code zone}. */
  public long toEpochNs(long startEpochNs, ZoneId zone) {
    if (text.startsWith("+")) {
      return startEpochNs + Durations.parseNanos(text.substring(1));
    }
    try {
      return epochNs(Instant.parse(text));
    } catch (DateTimeParseException notInstant) {
      // try the forms without an offset
    }
    try {
      return epochNs(LocalDateTime.parse(text).atZone(zone).toInstant());
    } catch (DateTimeParseException notDateTime) {
      // try a time of day
    }
    try {
      LocalTime t = LocalTime.parse(text);
      LocalDate firstDay = LocalDate.ofInstant(Instant.ofEpochSecond(Math.floorDiv(startEpochNs, 1_000_000_000L)), zone);
      return epochNs(firstDay.atTime(t).atZone(zone).toInstant());
    } catch (DateTimeParseException notTime) {
      throw new UsageException("'" + text + "' is not a time: use 2026-11-26T14:02:03Z, 14:02:03 (in --tz, "
          + "UTC by default) or +30s from the start");
    }
  }

  private long epochNs(Instant i) {
    try {
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    } catch (ArithmeticException e) {
      throw new UsageException("'" + text + "' is out of range: give a time between 1678 and 2262");
    }
  }
}
