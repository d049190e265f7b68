package io.tcptop.util;

import io.tcptop.error.UsageException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: 500ms, 1s, 1.5s, 2m, 1h (a bare number means seconds). */
public final class Durations {
  private Durations() {}

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)?");

  public static long parseNanos(String text) {
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UsageException("'" + text + "' is not a duration: use a number with ns, us, ms, s, m or h, e.g. 500ms or 2s");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double factor = switch (unit) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
    long nanos = Math.round(n * factor);
    if (nanos <= 0) {
      throw new UsageException("'" + text + "' is not a positive duration: use e.g. 500ms or 2s");
    }
    return nanos;
  }

  /** Short text for a duration, e.g. 1s, 500ms, 1.5s. */
  public static String format(long nanos) {
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0 && nanos < 1_000_000_000L) {
      return nanos / 1_000_000L + "ms";
    }
    return String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
  }
}
