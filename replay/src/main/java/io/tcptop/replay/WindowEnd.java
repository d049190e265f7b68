package io.tcptop.replay;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Tick;
import io.tcptop.stream.Stage;

/**
 * Ends the stream after the first tick past the window's end ({@code --to}), so that a replay
 * of a window stops reading there instead of going through the rest of the journal. Nothing
 * later could be shown: ticks come in time order, and the aggregator's closing tick is never
 * earlier than its last tick. That first tick past the end still reaches the aggregator: it
 * closes the connections' last partial tick outside the window, as a full replay would.
 */
final class WindowEnd extends Stage {
  private final long lastTickNs;
  private boolean over;

  /** @param lastTickNs the window's end in event time (monotonic ns) */
  WindowEnd(long lastTickNs, EventHandler next) {
    super(next);
    this.lastTickNs = lastTickNs;
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    if (!over) {
      next.onTraffic(tsNs, flow, direction, bytes);
    }
  }

  @Override
  public void onEvent(Event event) {
    if (over) {
      return;
    }
    next.onEvent(event);
    if (event instanceof Tick t && t.tsNs() > lastTickNs) {
      over = true;
    }
  }


  @Override
  public boolean wantsMore() {
    return !over && next.wantsMore();
  }
}
