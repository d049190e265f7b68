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
   * Whether the tick's activity goes into the connections' histories (the detail panel's last
   * minute). A player moving to a later tick says no for the ticks more than a minute before it.
   */
  default boolean remembers(long index, long epochNs) {
    return true;
  }

  /** A frame, on the thread that runs the aggregator. */
  void frame(Frame frame);

  /** Whether the source should go on; asked between batches (see {@code EventHandler.wantsMore}). */
  default boolean wantsMore() {
    return true;
  }
}
