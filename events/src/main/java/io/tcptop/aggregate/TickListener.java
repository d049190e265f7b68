package io.tcptop.aggregate;

import io.tcptop.event.Loss;
import io.tcptop.event.SessionStart;
import java.util.List;

/** Receives what the aggregator decided at each tick. Views and the Parquet sink implement it. */
public interface TickListener {
  /** Hears nothing: for an aggregator kept only for its state (key frames). */
  TickListener NONE = (tsNs, epochNs, lines) -> { };

  default void onStart(SessionStart header) {}

  /**
   * The connections active during the tick that ends at {@code tsNs}, in display order (busiest
   * first), or in no order from an aggregator made with {@link Aggregator.LineOrder#ANY}.
   */
  void onTick(long tsNs, long epochNs, List<ConnectionLine> lines);

  default void onLoss(long epochNs, io.tcptop.event.Loss loss) {}

  /** No more ticks will come. */
  default void onFinish() {}
}
