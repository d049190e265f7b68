package io.tcptop.view;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Wall-clock text for epoch nanoseconds in one time zone. {@link #UTC}, the default everywhere,
 * keeps output independent of the machine; {@code --tz} chooses another zone.
 */
public final class Timestamps {
  public static final Timestamps UTC = new Timestamps(ZoneOffset.UTC);

  private final DateTimeFormatter iso;
  private final DateTimeFormatter clock;

  private Timestamps(ZoneId zone) {
    // XXX prints Z for a zero offset, so UTC output reads 2026-11-26T14:02:03.000000000Z.
    this.iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX", Locale.ROOT).withZone(zone);
    this.clock = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(zone);
  }

  public static Timestamps in(ZoneId zone) {
    return zone.normalized().equals(ZoneOffset.UTC) ? UTC : new Timestamps(zone);
  }

  public static Instant instant(long epochNs) {
    return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L));
  }

  /** ISO-8601 with nanoseconds and the zone's offset: 2026-11-26T14:02:03.000000000Z, …T15:02:03.000000000+01:00. */
  public String iso(long epochNs) {
    return iso.format(instant(epochNs));
  }

  /** Time of day, milliseconds: 14:02:03.000. */
  public String clock(long epochNs) {
    return clock.format(instant(epochNs));
  }
}
