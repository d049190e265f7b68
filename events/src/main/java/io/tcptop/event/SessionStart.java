package io.tcptop.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The first record of every session: what was recorded where, and how to read its clock.
 *
 * @param session the session's id: its host and start ({@link #idOf}) for a recording; its own id
 *     for a dump or a slice
 * @param origin "" for a recording; for a dump or a slice, the session and window it was cut from
 * @param wallClockOffsetNs add to a monotonic timestamp to get nanoseconds since the epoch
 * @param tickIntervalNs the live view's tick interval
 * @param filters the recorder's filters, as the user gave them ("" when none)
 */
public record SessionStart(
    long tsNs,
    String session,
    String origin,
    String host,
    String kernel,
    String toolVersion,
    long wallClockOffsetNs,
    long tickIntervalNs,
    String filters)
    implements Event {

  private static final DateTimeFormatter COMPACT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** A recording's header: its id made of its host and start, no origin. */
  public SessionStart(long tsNs, String host, String kernel, String toolVersion, long wallClockOffsetNs,
                      long tickIntervalNs, String filters) {
    this(tsNs, idOf(host, tsNs + wallClockOffsetNs), "", host, kernel, toolVersion, wallClockOffsetNs,
        tickIntervalNs, filters);
  }

  /**
   * The id of a recording: its host and its start time (UTC, nanoseconds), e.g.
   * {@code web-01_20261126T140203.123456789Z}. It comes from the header only, so the same journal
   * read anywhere has the same id, and two recordings differ unless one host started two in the
   * same nanosecond.
   */
  public static String idOf(String host, long startEpochNs) {
    Instant start = Instant.ofEpochSecond(Math.floorDiv(startEpochNs, 1_000_000_000L), Math.floorMod(startEpochNs, 1_000_000_000L));
    return host + "_" + COMPACT.format(start);
  }

  public long toEpochNs(long monotonicNs) {
    return monotonicNs + wallClockOffsetNs;
  }

  /** When the session started, in epoch nanoseconds. */
  public long startEpochNs() {
    return toEpochNs(tsNs);
  }

  /** The same header at another time: a key frame restates it at the tick it follows. */
  public SessionStart at(long ts) {
    return new SessionStart(ts, session, origin, host, kernel, toolVersion, wallClockOffsetNs, tickIntervalNs, filters);
  }
}
