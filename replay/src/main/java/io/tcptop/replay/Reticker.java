package io.tcptop.replay;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.SessionStart;
import io.tcptop.event.Tick;

/**
 * Replaces the recorded ticks with ticks every {@code intervalNs} of event time, counted from the
 * session start. Used by {@code replay --interval}; still reads no clock.
 */
final class Reticker implements EventHandler {
  private final long intervalNs;
  private final EventHandler next;
  private long nextTickNs = Long.MIN_VALUE;

  public Reticker(long intervalNs, EventHandler next) {
    if (intervalNs <= 0) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.intervalNs = intervalNs;
    this.next = next;
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    advanceTo(tsNs);
    next.onTraffic(tsNs, flow, direction, bytes);
  }

  @Override
  public void onEvent(Event event) {
    switch (event) {
      case Tick t -> { }
      case SessionStart h -> {
        nextTickNs = h.tsNs() + intervalNs;
        next.onEvent(h);
      }
      default -> {
        advanceTo(event.tsNs());
        next.onEvent(event);
      }
    }
  }

  @Override
  public void onFlush() {
    next.onFlush();
  }

  @Override
  public boolean wantsMore() {
    return next.wantsMore();
  }

  private void advanceTo(long tsNs) {
    if (nextTickNs == Long.MIN_VALUE) {
      nextTickNs = tsNs - Math.floorMod(tsNs, intervalNs) + intervalNs;
    }
    while (tsNs >= nextTickNs) {
      next.onEvent(new Tick(nextTickNs));
      nextTickNs += intervalNs;
    }
  }
}
