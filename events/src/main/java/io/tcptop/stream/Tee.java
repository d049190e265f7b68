package io.tcptop.stream;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;

/** Hands every event to two handlers in order: the recorder's journal, then its live view. */
public record Tee(EventHandler first, EventHandler second) implements EventHandler {
  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    first.onTraffic(tsNs, flow, direction, bytes);
    second.onTraffic(tsNs, flow, direction, bytes);
  }

  @Override
  public void onEvent(Event event) {
    first.onEvent(event);
    second.onEvent(event);
  }

  @Override
  public void onFlush() {
    first.onFlush();
    second.onFlush();
  }

  /** As long as either wants more: the journal of a recording wants everything. */
  @Override
  public boolean wantsMore() {
    return first.wantsMore() || second.wantsMore();
  }
}
