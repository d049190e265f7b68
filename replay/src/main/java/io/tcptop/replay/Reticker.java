package io.tcptop.replay;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.SessionStart;
import io.tcptop.event.Tick;
import io.tcptop.stream.Stage;

/**
 * Replaces the recorded ticks with ticks every {@code intervalNs} of event time, counted from the
 * session start. Used by {@code replay --interval}; still reads no clock.
 */
final class Reticker extends Stage {
  private final long intervalNs;
  private long nextTickNs = Long.MIN_VALUE;

  public Reticker(long intervalNs, EventHandler next) {
    super(next);
    if (intervalNs <= 0) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.intervalNs = intervalNs;
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
