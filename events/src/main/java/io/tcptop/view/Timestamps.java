package io.tcptop.view;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Wall-clock text for epoch nanoseconds, always UTC so output does not depend on the machine. */
public final class Timestamps {
  private Timestamps() {}

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  public static Instant instant(long epochNs) {
    return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L));
  }

  /** ISO-8601 UTC with nanoseconds: 2026-11-26T14:02:03.000000000Z. */
  public static String iso(long epochNs) {
    return ISO.format(instant(epochNs));
  }

  /** Time of day, UTC, milliseconds: 14:02:03.000. */
  public static String clock(long epochNs) {
    return CLOCK.format(instant(epochNs));
  }
}
