package io.tcptop.event;

/**
 * Consumes events from any source. Traffic, by far the most frequent event, comes as plain
 * fields so that no object is made per event; everything else comes as its record.
 */
public interface EventHandler {

  void onTraffic(long tsNs, Flow flow, Direction direction, int bytes);

  void onEvent(Event event);

  /** Hands over any event, unpacking Traffic onto the allocation-free path. */
  default void accept(Event event) {
    if (event instanceof Traffic t) {
      onTraffic(t.tsNs(), t.flow(), t.direction(), t.bytes());
    } else {
      onEvent(event);
    }
  }
}
