package io.tcptop.analyze.export;

import io.tcptop.event.SessionStart;
import io.tcptop.view.Timestamps;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The stable id of a journal: its host and its start time (UTC, nanoseconds), e.g.
 * {@code web-01_20261126T140203.123456789Z}. It comes from the journal's header only, so exporting
 * the same journal again, from anywhere, gives the same id, and two journals differ unless one host
 * started two recordings in the same nanosecond.
 */
final class SessionId {
  private SessionId() {}

  private static final DateTimeFormatter COMPACT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  public static String of(SessionStart header) {
    return header.host() + "_" + COMPACT.format(Timestamps.instant(header.toEpochNs(header.tsNs())));
  }
}
