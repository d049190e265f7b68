package io.tcptop.replay;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.Loss;
import io.tcptop.event.SessionStart;
import java.util.List;

/**
 * Shows only the ticks that end inside [from, to] (epoch nanoseconds). The aggregator still sees
 * every event, so cumulative totals inside the window are the same as in a full replay.
 */
public final class TimeWindow implements TickListener {
  private final long fromEpochNs;
  private final long toEpochNs;
  private final TickListener next;

  public TimeWindow(long fromEpochNs, long toEpochNs, TickListener next) {
    this.fromEpochNs = fromEpochNs;
    this.toEpochNs = toEpochNs;
    this.next = next;
  }

  @Override
  public void onStart(SessionStart header) {
    next.onStart(header);
  }

  @Override
  public void onTick(long tsNs, long epochNs, List<ConnectionLine> lines) {
    if (epochNs >= fromEpochNs && epochNs <= toEpochNs) {
      next.onTick(tsNs, epochNs, lines);
    }
  }

  @Override
  public void onLoss(long epochNs, Loss loss) {
    if (epochNs >= fromEpochNs && epochNs <= toEpochNs) {
      next.onLoss(epochNs, loss);
    }
  }

  @Override
  public void onFinish() {
    next.onFinish();
  }
}
