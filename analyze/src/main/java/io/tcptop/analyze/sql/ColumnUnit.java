package io.tcptop.analyze.sql;

import io.tcptop.view.Units;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * What a numeric result column counts, decided from its name, so that tables show it in the
 * units of replay's text view. The rule, in this order (names compared in lower case):
 * <ul>
 *   <li>RTT: starts with {@code rtt} and ends with {@code _us} (rtt_us, rtt_avg_us): 850us, 5.0ms;
 *   <li>rate: starts with {@code rate} or ends with {@code _rate} (rate_in, peak_rate): bytes per
 *       second, 1.5KB/s;
 *   <li>size: is {@code bytes}, starts with {@code bytes_}, or ends with {@code _bytes}, {@code _in}
 *       or {@code _out} (bytes_in, tick_out, bucket_bytes): 500B, 2.0K;
 *   <li>anything else is a plain number.
 * </ul>
 * A query of one's own gets units by naming its columns so ({@code sum(tick_in) AS bytes}).
 */
enum ColumnUnit {
  NONE, SIZE, RATE, RTT;

  static ColumnUnit of(String columnName) {
    String n = columnName.toLowerCase(Locale.ROOT);
    if (n.startsWith("rtt") && n.endsWith("_us")) {
      return RTT;
    }
    if (n.startsWith("rate") || n.endsWith("_rate")) {
      return RATE;
    }
    if (n.equals("bytes") || n.startsWith("bytes_") || n.endsWith("_bytes") || n.endsWith("_in") || n.endsWith("_out")) {
      return SIZE;
    }
    return NONE;
  }

  /** A number's text (as the printer makes it) in this unit; unchanged if it is not a finite number. */
  String format(String number) {
    if (this == NONE) {
      return number;
    }
    BigDecimal v;
    try {
      v = new BigDecimal(number);
    } catch (NumberFormatException notFinite) {
      return number;
    }
    long whole;
    try {
      whole = v.setScale(0, RoundingMode.HALF_UP).longValueExact();
    } catch (ArithmeticException tooLarge) {
      return number;
    }
    return switch (this) {
      case SIZE -> Units.size(whole);
      case RATE -> Units.rate(v.doubleValue());
      case RTT -> whole > Integer.MAX_VALUE ? number : Units.rtt((int) whole);
      case NONE -> number;
    };
  }
}
