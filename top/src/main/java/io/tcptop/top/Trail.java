package io.tcptop.top;

import io.tcptop.aggregate.ConnectionLine;

/**
 * Collects one connection's rates tick by tick on the thread that runs the aggregator, and hands
 * out immutable {@link History} views of it. Entries are appended; when the arrays are full they
 * are replaced (grown, or compacted to the newest {@code keep}), never rewritten in place, so a
 * view made earlier keeps reading what it saw while the recording goes on.
 */
final class Trail {
  private final long firstTick;
  private final long firstEpochNs;
  private final int keep;
  private long[] ticks = new long[8];
  private float[] in = new float[8];
  private float[] out = new float[8];
  private int[] rtt = new int[8];
  private int count;

  /** @param keep how many of the latest active ticks must stay readable (a minute's worth) */
  Trail(long firstTick, long firstEpochNs, int keep) {
    this.firstTick = firstTick;
    this.firstEpochNs = firstEpochNs;
    this.keep = keep;
  }

  void add(long tick, ConnectionLine line) {
    if (count == ticks.length) {
      makeRoom();
    }
    ticks[count] = tick;
    in[count] = (float) line.rateIn();
    out[count] = (float) line.rateOut();
    rtt[count] = line.rttUs();
    count++;
  }

  /** Entries held. */
  int count() {
    return count;
  }

  /** How many of the newest {@code n} entries there are. */
  int newest(int n) {
    return Math.min(n, count);
  }

  /** Copies the newest {@code n} entries into the arrays of a saved state, from {@code at}. */
  void copyNewest(int n, long[] toTicks, float[] toIn, float[] toOut, int[] toRtt, int at) {
    int k = newest(n);
    int from = count - k;
    System.arraycopy(ticks, from, toTicks, at, k);
    System.arraycopy(in, from, toIn, at, k);
    System.arraycopy(out, from, toOut, at, k);
    System.arraycopy(rtt, from, toRtt, at, k);
  }

  /** A trail that goes on from entries {@code [from, to)} of a saved state's arrays (copied). */
  static Trail of(long firstTick, long firstEpochNs, int keep, long[] ticks, float[] in, float[] out, int[] rtt,
                  int from, int to) {
    Trail t = new Trail(firstTick, firstEpochNs, keep);
    t.ticks = java.util.Arrays.copyOfRange(ticks, from, to);
    t.in = java.util.Arrays.copyOfRange(in, from, to);
    t.out = java.util.Arrays.copyOfRange(out, from, to);
    t.rtt = java.util.Arrays.copyOfRange(rtt, from, to);
    t.count = to - from;
    return t;
  }

  long firstTick() {
    return firstTick;
  }

  long firstEpochNs() {
    return firstEpochNs;
  }

  int keep() {
    return keep;
  }

  History view(StateStep states) {
    return new History(firstTick, firstEpochNs, count, ticks, in, out, rtt, states);
  }

  private void makeRoom() {
    int from = ticks.length < 2 * keep ? 0 : count - keep;
    int size = Math.max(8, Math.min(2 * ticks.length, 2 * keep));
    int n = count - from;
    ticks = copy(ticks, from, n, size);
    in = copy(in, from, n, size);
    out = copy(out, from, n, size);
    rtt = copy(rtt, from, n, size);
    count = n;
  }

  private static long[] copy(long[] a, int from, int n, int size) {
    long[] b = new long[size];
    System.arraycopy(a, from, b, 0, n);
    return b;
  }

  private static float[] copy(float[] a, int from, int n, int size) {
    float[] b = new float[size];
    System.arraycopy(a, from, b, 0, n);
    return b;
  }

  private static int[] copy(int[] a, int from, int n, int size) {
    int[] b = new int[size];
    System.arraycopy(a, from, b, 0, n);
    return b;
  }
}
