package io.tcptop.stream;

import io.tcptop.event.Direction;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;

/**
 * A step of a pipeline between a source and its consumer (a filter, a re-ticker, a pacer): it
 * sees every event and hands it on to the next handler. Traffic, flushes and the consumer's
 * "enough" pass straight through unless the step has a reason to change them.
 */
public abstract class Stage implements EventHandler {
  protected final EventHandler next;

  protected Stage(EventHandler next) {
    this.next = next;
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    next.onTraffic(tsNs, flow, direction, bytes);
  }

  @Override
  public void onFlush() {
    next.onFlush();
  }

  @Override
  public boolean wantsMore() {
    return next.wantsMore();
  }
}
