package io.tcptop.top;

/**
 * A connection's past as one frame saw it: the ticks it was active in, with its rates and RTT at
 * each, and the TCP states it went through. Immutable for its reader: the arrays are shared with
 * the {@link Trail} that made it, which only ever writes past {@code count} or into new arrays.
 *
 * @param firstTick the first tick the connection was active in
 * @param firstEpochNs when that tick ended
 * @param states the latest state step, null for UDP and before any state was seen
 */
public record History(long firstTick, long firstEpochNs, int count, long[] ticks, float[] rateIn,
                      float[] rateOut, int[] rttUs, StateStep states) {

  /** No past: a connection the frame maker never saw active. */
  public static History none(long tick, long epochNs, StateStep states) {
    return new History(tick, epochNs, 0, new long[0], new float[0], new float[0], new int[0], states);
  }

  /** Bytes/s in, for each of the {@code width} ticks ending at {@code lastTick}; 0 where it was idle. */
  public double[] ratesIn(long lastTick, int width) {
    return series(lastTick, width, rateIn);
  }

  public double[] ratesOut(long lastTick, int width) {
    return series(lastTick, width, rateOut);
  }

  /** The smoothed RTT at each of those ticks in microseconds, -1 where none was known. */
  public double[] rtts(long lastTick, int width) {
    double[] v = new double[width];
    java.util.Arrays.fill(v, -1);
    for (int i = count - 1; i >= 0 && ticks[i] > lastTick - width; i--) {
      if (ticks[i] <= lastTick) {
        v[(int) (ticks[i] - (lastTick - width + 1))] = rttUs[i];
      }
    }
    return v;
  }

  private double[] series(long lastTick, int width, float[] values) {
    double[] v = new double[width];
    for (int i = count - 1; i >= 0 && ticks[i] > lastTick - width; i--) {
      if (ticks[i] <= lastTick) {
        v[(int) (ticks[i] - (lastTick - width + 1))] = values[i];
      }
    }
    return v;
  }
}
