package io.tcptop.journal;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.ConnectionSnapshot;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.event.SessionStart;
import io.tcptop.util.LongMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows a stream to restate it at a tick: the session's header, the flows the recorder still
 * knows (their latest descriptions) and the aggregator's open connections. A reader that starts at
 * such a key frame continues exactly where a reader from the beginning is (design.md: key frames).
 * It costs one aggregator update per event, so only writers that need key frames keep one.
 */
public final class KeyFrames implements EventHandler {
  private final LongMap<Flow> flows = new LongMap<>(1024);
  private final Aggregator aggregator = new Aggregator(TickListener.NONE);
  private SessionStart header;
  private long lastTickNs = Long.MIN_VALUE;

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    aggregator.onTraffic(tsNs, flow, direction, bytes);
  }

  @Override
  public void onEvent(Event event) {
    switch (event) {
      case SessionStart h -> {
        if (header != null && !header.session().equals(h.session())) {
          flows.clear();
          lastTickNs = Long.MIN_VALUE;
        }
        header = h;
      }
      case Flow f -> flows.put(f.id(), f);
      case FlowGone g -> flows.remove(g.flowId());
      case io.tcptop.event.Tick t -> lastTickNs = t.tsNs();
      default -> { }
    }
    aggregator.onEvent(event);
  }

  /** Whether a key frame can be made: a session has started and a tick has passed. */
  public boolean ready() {
    return header != null && lastTickNs != Long.MIN_VALUE;
  }

  /** The time of the state a frame restates: the last tick, or the session's start before the first. */
  private long at() {
    return lastTickNs != Long.MIN_VALUE ? lastTickNs : header.tsNs();
  }

  /**
   * The key frame for the last tick: header, flows (by id), flows known to predate the recording
   * that nothing has happened to yet (SEED), open connections (by number). A
   * connection can outlive its flow's description (a released UDP socket's flow waits for its
   * expiry in the aggregator), so its flow is described too.
   */
  public List<Event> frame() {
    List<Event> frame = new ArrayList<>();
    frame.add(header.at(at()));
    List<ConnectionSnapshot> open = aggregator.snapshot();
    LongMap<Flow> described = new LongMap<>(flows.size() + open.size());
    flows.forEachValue(f -> described.put(f.id(), f));
    for (ConnectionSnapshot c : open) {
      if (described.get(c.flow().id()) == null) {
        described.put(c.flow().id(), c.flow());
      }
    }
    List<Flow> known = new ArrayList<>(described.size());
    described.forEachValue(known::add);
    known.sort(Comparator.comparingInt(Flow::id));
    frame.addAll(known);
    frame.addAll(aggregator.pendingSeeds());
    frame.addAll(open);
    return frame;
  }
}
