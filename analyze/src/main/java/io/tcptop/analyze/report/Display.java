package io.tcptop.analyze.report;

import io.tcptop.view.Units;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the page shows one value, and the element that carries it: the shown text, with the
 * value itself (as 'tcptop analyze sql --format csv' prints it) in data-value and the column it
 * came from in data-column, so the page can be checked against the SQL.
 */
final class Display {
  private Display() {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String bytes(long n) {
    return Units.size(n);
  }

  static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  static String clock(Instant t) {
    return t == null ? "-" : CLOCK.format(t);
  }

  /** 950ms, 12.3s, 5m 02s, 3h 07m. */
  static String duration(long nanos) {
    if (nanos < 1_000_000_000L) {
      return nanos / 1_000_000 + "ms";
    }
    if (nanos < 60_000_000_000L) {
      return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }
    long s = nanos / 1_000_000_000L;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
  }

  /** A bucket length in its largest whole unit: 100ms, 1s, 5m, 1h, 7d; else in seconds. */
  static String bucket(long micros) {
    long[] size = {86_400_000_000L, 3_600_000_000L, 60_000_000L, 1_000_000L, 1_000L};
    String[] unit = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < size.length; i++) {
      if (micros % size[i] == 0) {
        return micros / size[i] + unit[i];
      }
    }
    return String.format(Locale.ROOT, "%.6fs", micros / 1e6);
  }

  /** An element showing {@code shown} for the value of {@code column}. */
  static String cell(String tag, String column, Object value, String shown, String cssClass) {
    return "<" + tag + (cssClass == null ? "" : " class=\"" + cssClass + "\"") + " data-column=\"" + Html.text(column)
        + "\" data-value=\"" + Html.text(Rows.canonical(value)) + "\">" + Html.text(shown) + "</" + tag + ">";
  }

  static String span(String column, Object value, String shown) {
    return cell("span", column, value, shown, null);
  }
}
