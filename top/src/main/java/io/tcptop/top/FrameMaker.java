package io.tcptop.top;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.ConnectionListener;
import io.tcptop.aggregate.ConnectionRecord;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Loss;
import io.tcptop.event.LossCause;
import io.tcptop.event.Seed;
import io.tcptop.event.SessionStart;
import io.tcptop.event.StateChange;
import io.tcptop.util.LongMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The aggregator that replay uses, with top's bookkeeping around it: events go through to the
 * {@link Aggregator} unchanged, and at each tick every open connection becomes a {@link Row} of a
 * {@link Frame} (its line is exactly the aggregator's, so the screen shows what replay prints).
 * Also keeps what a frame needs beyond one tick: each connection's recent rates and RTTs
 * ({@link Trail}, per tick it was active in) and its TCP state changes at their event times.
 * Runs on the source's thread; what it hands out is immutable.
 */
public final class FrameMaker implements EventHandler {
  /** Seconds of rates kept per connection for the detail panel's sparkline. */
  static final long TRAIL_NS = 60_000_000_000L;
  /** At most this many ticks are kept for it, however short the ticks. */
  static final int TRAIL_TICKS_MAX = 600;

  private final FrameSink sink;
  private final Aggregator aggregator;
  private final LongMap<Trail> trails = new LongMap<>(1024);
  private final LongMap<StateStep> states = new LongMap<>(1024);
  private SessionStart session;
  private long wallOffsetNs;
  private int keep = 60;
  private long ticks;
  private long previousTickNs = Long.MIN_VALUE;
  private long eventsAtLastTick;
  private long lost;
  private long tickLost;
  private LossCause lastLossCause;
  private long lastLossEpochNs;

  public FrameMaker(FrameSink sink) {
    this.sink = sink;
    Listener listener = new Listener();
    this.aggregator = new Aggregator(listener, listener);
  }

  /** Ends the stream as replay does: a last, shorter tick for activity since the last TICK. */
  public void finish() {
    aggregator.finish();
  }

  /** Ticks seen so far. */
  public long ticks() {
    return ticks;
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    aggregator.onTraffic(tsNs, flow, direction, bytes);
  }

  @Override
  public void onEvent(Event event) {
    switch (event) {
      case SessionStart h -> start(h);
      case StateChange s -> states.put(s.flow().id(),
          new StateStep(s.tsNs() + wallOffsetNs, s.newState(), false, states.get(s.flow().id())));
      case Seed s -> states.put(s.flow().id(), new StateStep(s.tsNs() + wallOffsetNs, s.state(), true, null));
      default -> { }
    }
    aggregator.onEvent(event);
  }

  @Override
  public boolean wantsMore() {
    return sink.wantsMore();
  }

  private void start(SessionStart h) {
    session = h;
    wallOffsetNs = h.wallClockOffsetNs();
    if (previousTickNs == Long.MIN_VALUE) {
      previousTickNs = h.tsNs();
    }
    keep = trailTicks(h.tickIntervalNs());
  }

  /** Ticks of this interval in a minute: how many the histories keep. */
  static int trailTicks(long intervalNs) {
    long interval = Math.max(1, intervalNs);
    return (int) Math.max(1, Math.min(TRAIL_TICKS_MAX, (TRAIL_NS + interval - 1) / interval));
  }

  private void tick(long tsNs, long epochNs, List<ConnectionLine> active) {
    long index = ticks++;
    long length = previousTickNs == Long.MIN_VALUE ? 0 : tsNs - previousTickNs;
    previousTickNs = tsNs;
    boolean remember = sink.remembers(index, epochNs);
    for (ConnectionLine l : active) {
      Trail t = trails.get(l.connection());
      if (t == null) {
        t = new Trail(index, epochNs, keep);
        trails.put(l.connection(), t);
      }
      if (remember) {
        t.add(index, l);
      }
    }
    long events = aggregator.trafficEvents();
    long tickEvents = events - eventsAtLastTick;
    eventsAtLastTick = events;
    if (sink.wants(index, epochNs)) {
      sink.frame(frame(index, tsNs, epochNs, length, tickEvents));
    }
    tickLost = 0;
  }

  private Frame frame(long index, long tsNs, long epochNs, long length, long tickEvents) {
    List<ConnectionLine> open = aggregator.openLines();
    List<Row> rows = new ArrayList<>(open.size());
    double in = 0;
    double out = 0;
    for (ConnectionLine l : open) {
      Trail t = trails.get(l.connection());
      StateStep s = states.get(l.flow().id());
      rows.add(new Row(l, t == null ? History.none(index, epochNs, s) : t.view(s)));
      in += l.rateIn();
      out += l.rateOut();
    }
    Totals totals = new Totals(rows.size(), in, out, eventsAtLastTick, tickEvents, lost, tickLost,
        lastLossCause, lastLossEpochNs);
    return new Frame(session, index, tsNs, epochNs, length, Collections.unmodifiableList(rows), totals);
  }

  /** Hears the aggregator: its ticks, losses, and the end of each connection. */
  private final class Listener implements TickListener, ConnectionListener {
    @Override
    public void onTick(long tsNs, long epochNs, List<ConnectionLine> lines) {
      tick(tsNs, epochNs, lines);
    }

    @Override
    public void onLoss(long epochNs, Loss loss) {
      lost += loss.count();
      tickLost += loss.count();
      lastLossCause = loss.cause();
      lastLossEpochNs = epochNs;
    }

    @Override
    public void ended(ConnectionRecord connection) {
      trails.remove(connection.number());
      states.remove(connection.flow().id());
    }
  }
}
