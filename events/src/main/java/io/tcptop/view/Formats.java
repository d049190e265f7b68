package io.tcptop.view;

import io.tcptop.event.TcpState;
import java.util.Locale;

/** Small text conventions shared by the views. */
final class Formats {
  private Formats() {}

  static String state(TcpState s) {
    return s == TcpState.NONE ? "-" : s.name();
  }

  /** Rates are printed with one decimal, the same in JSONL and CSV. */
  static String rate(double bytesPerSecond) {
    return String.format(Locale.ROOT, "%.1f", bytesPerSecond);
  }
}
