package io.tcptop.view;

import java.util.Locale;

/** Human-readable sizes, rates and RTTs: 500B, 2.0K, 1.5KB/s, 850us, 5.0ms. Powers of 1024. */
public final class Units {
  private Units() {}

  private static final String[] SIZE = {"B", "K", "M", "G", "T", "P"};
  private static final String[] RATE = {"B/s", "KB/s", "MB/s", "GB/s", "TB/s", "PB/s"};

  public static String size(long bytes) {
    return scaled(bytes, SIZE);
  }

  public static String rate(double bytesPerSecond) {
    return scaled(bytesPerSecond, RATE);
  }

  /** An RTT in microseconds; "-" when unknown (negative). */
  public static String rtt(int micros) {
    if (micros < 0) {
      return "-";
    }
    if (micros < 1000) {
      return micros + "us";
    }
    if (micros < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
    }
    return String.format(Locale.ROOT, "%.1fs", micros / 1_000_000.0);
  }

  private static String scaled(double value, String[] units) {
    if (Math.round(value) < 1024) {
      return Math.round(value) + units[0];
    }
    double v = value / 1024;
    int i = 1;
    // Round first so 1023.96K shows as 1.0M rather than 1024.0K.
    while (i < units.length - 1 && Math.round(v * 10) / 10.0 >= 1024) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f%s", v, units[i]);
  }
}
