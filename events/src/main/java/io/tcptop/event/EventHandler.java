package io.tcptop.event;

/**
 * Consumes events from any source. Traffic, by far the most frequent event, comes as plain
 * fields so that no object is made per event; everything else comes as its record.
 */
public interface EventHandler {
  /** Hears nothing. */
  EventHandler DISCARD = new EventHandler() {
    @Override
    public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {}

    @Override
    public void onEvent(Event event) {}
  };

  void onTraffic(long tsNs, Flow flow, Direction direction, int bytes);

  void onEvent(Event event);

  /**
   * The source has handed over everything it holds for now (a live source after each drain of
   * the kernel's ring). A handler that buffers writes it out here, so that a recorder killed
   * between two flushes loses only what came after the last one.
   */
  default void onFlush() {}

  /**
   * Whether the handler wants more events. A source asks between batches and stops early when
   * it does not (replay up to --to, a slice of a window), so a handler that has seen enough
   * costs nothing more than the batch it is in.
   */
  default boolean wantsMore() {
    return true;
  }

  /** Hands over any event, unpacking Traffic onto the allocation-free path. */
  default void accept(Event event) {
    if (event instanceof Traffic t) {
      onTraffic(t.tsNs(), t.flow(), t.direction(), t.bytes());
    } else {
      onEvent(event);
    }
  }
}
