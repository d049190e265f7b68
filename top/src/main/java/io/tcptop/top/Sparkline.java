package io.tcptop.top;

/** A row of block characters, one per value, scaled to the largest: ▁▂▃▄▅▆▇█. */
final class Sparkline {
  private Sparkline() {}

  private static final char[] BLOCKS = "▁▂▃▄▅▆▇█".toCharArray();

  /** Zero and unknown (negative) values are blank; any positive value shows at least ▁. */
  static String of(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    StringBuilder sb = new StringBuilder(values.length);
    for (double v : values) {
      if (v <= 0 || max <= 0) {
        sb.append(' ');
      } else {
        int level = (int) Math.ceil(v / max * BLOCKS.length) - 1;
        sb.append(BLOCKS[Math.max(0, Math.min(BLOCKS.length - 1, level))]);
      }
    }
    return sb.toString();
  }
}
