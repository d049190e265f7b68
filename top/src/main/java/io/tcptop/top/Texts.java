package io.tcptop.top;

import io.tcptop.view.Timestamps;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;

/** Times, spans and counts as the screen writes them. */
final class Texts {
  private Texts() {}

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** 2026-11-20 10:00:02.000 UTC. */
  static String dateTime(long epochNs) {
    return DATE_TIME.format(Timestamps.instant(epochNs)) + " UTC";
  }

  /** 10:00:02.000 (UTC), as replay's text view writes it. */
  static String clock(long epochNs) {
    return Timestamps.UTC.clock(epochNs);
  }

  /** A span of time: 2.000s, 1m02.5s, 1h02m03s. */
  static String span(long ns) {
    if (ns < 0) {
      return "-" + span(-ns);
    }
    double s = ns / 1e9;
    if (s < 60) {
      return String.format(Locale.ROOT, "%.3fs", s);
    }
    long total = ns / 1_000_000_000L;
    if (total < 3600) {
      return String.format(Locale.ROOT, "%dm%04.1fs", total / 60, s - (total / 60) * 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm%02ds", total / 3600, (total / 60) % 60, total % 60);
  }

  /** 1,234,567. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String plural(long n, String one, String many) {
    return count(n) + " " + (n == 1 ? one : many);
  }

  /** Words in lines of at most {@code width} characters; a word longer than that is cut. */
  static java.util.List<String> wrap(String text, int width) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word.length() > width ? word.substring(0, width) : word);
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }

  static String pad(String s, int width, boolean right) {
    if (s.length() >= width) {
      return s;
    }
    String spaces = " ".repeat(width - s.length());
    return right ? spaces + s : s + spaces;
  }
}
