package io.tcptop.slice;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import java.util.Arrays;

/**
 * Events held back for at most one tick, in order, traffic without an object per event (a slice
 * keeps them until it knows the tick they lead to belongs to its window). Reused, never shrunk.
 */
final class EventBuffer {
  private Object[] items = new Object[1024];
  private long[] ts = new long[1024];
  private int[] bytes = new int[1024];
  /** What each item is: an event, or the flow of a receive or a send. */
  private byte[] what = new byte[1024];
  private static final byte EVENT = 0;
  private static final byte RECV = 1;
  private static final byte SEND = 2;
  private int size;

  void traffic(long tsNs, Flow flow, Direction direction, int n) {
    grow();
    items[size] = flow;
    ts[size] = tsNs;
    bytes[size] = n;
    what[size] = direction == Direction.SEND ? SEND : RECV;
    size++;
  }

  void event(Event e) {
    grow();
    what[size] = EVENT;
    items[size++] = e;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Hands everything held to {@code out}, in order, and empties the buffer. */
  void drainTo(EventHandler out) {
    for (int i = 0; i < size; i++) {
      if (what[i] != EVENT) {
        out.onTraffic(ts[i], (Flow) items[i], what[i] == SEND ? Direction.SEND : Direction.RECV, bytes[i]);
      } else {
        out.onEvent((Event) items[i]);
      }
    }
    clear();
  }

  /** Hands only the events {@code keep} accepts to {@code out}, then empties the buffer. */
  void drainTo(EventHandler out, java.util.function.Predicate<Event> keep) {
    for (int i = 0; i < size; i++) {
      if (what[i] == EVENT && keep.test((Event) items[i])) {
        Event e = (Event) items[i];
        out.onEvent(e);
      }
    }
    clear();
  }

  void clear() {
    Arrays.fill(items, 0, size, null);
    size = 0;
  }

  private void grow() {
    if (size == items.length) {
      int n = size * 2;
      items = Arrays.copyOf(items, n);
      ts = Arrays.copyOf(ts, n);
      bytes = Arrays.copyOf(bytes, n);
      what = Arrays.copyOf(what, n);
    }
  }
}
