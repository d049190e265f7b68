package io.tcptop.analyze.export;

import io.tcptop.event.EventKind;

/**
 * Event rows in columns, as the reading thread collects them for the writing thread. Made a
 * few times per export and reused, never per event. Absent values: {@code -1} for refs, states
 * and causes (ordinals), {@link #NONE} for numbers.
 */
final class EventBatch {
  static final int CAPACITY = 8192;
  static final long NONE = Long.MIN_VALUE;

  final long[] tsNs = new long[CAPACITY];
  final EventKind[] kind = new EventKind[CAPACITY];
  final int[] ref = new int[CAPACITY];
  final long[] bytes = new long[CAPACITY];
  final byte[] oldState = new byte[CAPACITY];
  final byte[] newState = new byte[CAPACITY];
  final long[] rttUs = new long[CAPACITY];
  final long[] lost = new long[CAPACITY];
  final byte[] cause = new byte[CAPACITY];
  int size;

  boolean isFull() {
    return size == CAPACITY;
  }

  /** Adds a traffic row: the common case, with nothing else to set. */
  void traffic(long ts, EventKind k, int flowRef, int n) {
    int i = size++;
    tsNs[i] = ts;
    kind[i] = k;
    ref[i] = flowRef;
    bytes[i] = n;
    oldState[i] = -1;
    newState[i] = -1;
    rttUs[i] = NONE;
    lost[i] = NONE;
    cause[i] = -1;
  }

  /** Adds any other row. */
  void record(long ts, EventKind k, int flowRef, int oldS, int newS, long rtt, long lostCount, int causeOrdinal) {
    int i = size++;
    tsNs[i] = ts;
    kind[i] = k;
    ref[i] = flowRef;
    bytes[i] = NONE;
    oldState[i] = (byte) oldS;
    newState[i] = (byte) newS;
    rttUs[i] = rtt;
    lost[i] = lostCount;
    cause[i] = (byte) causeOrdinal;
  }

  void clear() {
    size = 0;
  }
}
