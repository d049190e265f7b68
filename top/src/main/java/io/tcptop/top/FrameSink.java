package io.tcptop.top;

/** Where a {@link FrameMaker} hands its frames. */
public interface FrameSink {

  /**
   * Whether the tick that ends now becomes a frame. A player moving to a later tick says no to
   * the ticks on the way, which then cost only their share of the aggregator's work.
   */
  default boolean wants(long index, long epochNs) {
    return true;
  }

  /**
   * The tick is over, its TICK record handled: the frame maker stands between two ticks, where
   * {@link FrameMaker#save()} takes a state that later readings can start from.
   */
  default void ticked(long index, long epochNs) {}

  /** A frame, on the thread that runs the aggregator. */
  void frame(Frame frame);

  /** Whether the source should go on; asked between batches (see {@code EventHandler.wantsMore}). */
  default boolean wantsMore() {
    return true;
  }
}
