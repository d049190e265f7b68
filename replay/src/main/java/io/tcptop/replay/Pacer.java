package io.tcptop.replay;

import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Tick;
import io.tcptop.stream.Stage;

/**
 * Holds each tick back until as much wall time has passed as event time did (divided by the
 * speed), so a replay shows at the pace of the original session. It only delays; what is
 * printed does not change. Ticks after the window's end are not waited for: nothing of them is
 * shown.
 */
final class Pacer extends Stage {
  private final double speed;
  private final long lastTickNs;
  private long firstEventNs = Long.MIN_VALUE;
  private long wallStartNs;

  /** @param lastTickNs the window's end in event time; ticks after it pass at once */
  Pacer(double speed, long lastTickNs, EventHandler next) {
    super(next);
    this.speed = speed;
    this.lastTickNs = lastTickNs;
  }


  @Override
  public void onEvent(Event event) {
    if (firstEventNs == Long.MIN_VALUE) {
      firstEventNs = event.tsNs();
      wallStartNs = System.nanoTime();
    }
    if (event instanceof Tick t && t.tsNs() <= lastTickNs) {
      long dueNs = wallStartNs + (long) ((t.tsNs() - firstEventNs) / speed);
      long waitNs = dueNs - System.nanoTime();
      if (waitNs > 0) {
        try {
          Thread.sleep(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    next.onEvent(event);
  }


}
