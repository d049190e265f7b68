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

  /**
   * A copy holding only the newest {@code n} entries, in arrays it fills: all a frame can show of
   * the connection's past when {@code n} is a minute's worth. Nothing is ever written into full
   * arrays, so the copy can be shared, and continued by more than one trail maker.
   */
  Trail newest(int n) {
    Trail t = new Trail(firstTick, firstEpochNs, keep);
    int from = Math.max(0, count - n);
    int k = count - from;
    t.ticks = copy(ticks, from, k, k);
    t.in = copy(in, from, k, k);
    t.out = copy(out, from, k, k);
    t.rtt = copy(rtt, from, k, k);
    t.count = k;
    return t;
  }

  /**
   * Another trail that goes on from this one's entries, sharing its arrays: for a copy made by
   * {@link #newest}, whose arrays are full, so neither ever writes into them again.
   */
  Trail continued() {
    Trail t = new Trail(firstTick, firstEpochNs, keep);
    t.ticks = ticks;
    t.in = in;
    t.out = out;
    t.rtt = rtt;
    t.count = count;
    return t;
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
