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
import io.tcptop.event.Tick;
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
  private final LongMap<Trail> trails;
  private final LongMap<StateStep> states;
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
    // Frames show every open connection and the screen sorts them: the tick's order is not needed.
    this.aggregator = new Aggregator(listener, listener, Aggregator.LineOrder.ANY);
    this.trails = new LongMap<>(1024);
    this.states = new LongMap<>(1024);
  }

  /**
   * A frame maker that goes on from a saved state exactly as the one saved did from there: the
   * frames it makes are those the saved one made next, histories and all.
   */
  public FrameMaker(Saved from, FrameSink sink) {
    this.sink = sink;
    Listener listener = new Listener();
    this.aggregator = new Aggregator(from.aggregator, listener, listener);
    this.trails = from.trails();
    this.states = from.states.copy(s -> s);
    this.session = from.session;
    this.wallOffsetNs = from.wallOffsetNs;
    this.keep = from.keep;
    this.ticks = from.ticks;
    this.previousTickNs = from.previousTickNs;
    this.eventsAtLastTick = from.eventsAtLastTick;
    this.lost = from.lost;
    this.tickLost = from.tickLost;
    this.lastLossCause = from.lastLossCause;
    this.lastLossEpochNs = from.lastLossEpochNs;
  }

  /**
   * Its whole state as it stands between two events, copied: the aggregator's, and of each open
   * connection's history the last minute's worth of entries, all a frame can show of it.
   */
  public Saved save() {
    return new Saved(this);
  }

  /** What {@link #save()} would take on the heap, estimated without copying anything. */
  public long saveBytes() {
    long[] entries = {0};
    trails.forEachValue(t -> entries[0] += Math.min(t.count(), keep));
    return aggregator.liveConnections() * 224L + Saved.bytes(trails.size(), entries[0], states.capacity());
  }

  /**
   * A frame maker's state between two events, as {@link #save()} copied it. Immutable. The
   * histories are packed into a few large arrays rather than a trail and four arrays per
   * connection: a state is kept for long, and this is less memory, and far fewer objects for the
   * garbage collector to copy while it is young.
   */
  public static final class Saved {
    private final Aggregator.Saved aggregator;
    /** Trail i is of connection {@code connections[i]}; its entries are {@code [starts[i], starts[i + 1])}. */
    private final long[] connections;
    private final long[] firstTicks;
    private final long[] firstEpochNs;
    private final int[] keeps;
    private final int[] starts;
    private final long[] entryTicks;
    private final float[] entryIn;
    private final float[] entryOut;
    private final int[] entryRtt;
    private final LongMap<StateStep> states;
    private final SessionStart session;
    private final long wallOffsetNs;
    private final int keep;
    private final long ticks;
    private final long previousTickNs;
    private final long eventsAtLastTick;
    private final long lost;
    private final long tickLost;
    private final LossCause lastLossCause;
    private final long lastLossEpochNs;
    private final long bytes;

    private Saved(FrameMaker m) {
      this.aggregator = m.aggregator.save();
      int n = m.trails.size();
      int[] entries = {0};
      m.trails.forEachValue(t -> entries[0] += t.newest(m.keep));
      connections = new long[n];
      firstTicks = new long[n];
      firstEpochNs = new long[n];
      keeps = new int[n];
      starts = new int[n + 1];
      entryTicks = new long[entries[0]];
      entryIn = new float[entries[0]];
      entryOut = new float[entries[0]];
      entryRtt = new int[entries[0]];
      int[] i = {0};
      m.trails.forEachKeyValue((t, connection) -> {
        int k = i[0]++;
        connections[k] = connection;
        firstTicks[k] = t.firstTick();
        firstEpochNs[k] = t.firstEpochNs();
        keeps[k] = t.keep();
        t.copyNewest(m.keep, entryTicks, entryIn, entryOut, entryRtt, starts[k]);
        starts[k + 1] = starts[k] + t.newest(m.keep);
      });
      this.states = m.states.copy(s -> s);
      this.session = m.session;
      this.wallOffsetNs = m.wallOffsetNs;
      this.keep = m.keep;
      this.ticks = m.ticks;
      this.previousTickNs = m.previousTickNs;
      this.eventsAtLastTick = m.eventsAtLastTick;
      this.lost = m.lost;
      this.tickLost = m.tickLost;
      this.lastLossCause = m.lastLossCause;
      this.lastLossEpochNs = m.lastLossEpochNs;
      this.bytes = aggregator.bytes() + bytes(n, entryTicks.length, states.capacity());
    }

    /** The histories unpacked, each trail with arrays of its own. */
    private LongMap<Trail> trails() {
      LongMap<Trail> trails = new LongMap<>(Math.max(1024, connections.length));
      for (int k = 0; k < connections.length; k++) {
        trails.put(connections[k], Trail.of(firstTicks[k], firstEpochNs[k], keeps[k], entryTicks, entryIn, entryOut,
            entryRtt, starts[k], starts[k + 1]));
      }
      return trails;
    }

    /** Ticks made before it was saved: the next frame is tick number {@code ticks()}. */
    public long ticks() {
      return ticks;
    }

    /** An estimate of the heap it takes (state steps and flows, shared with the reader, not counted). */
    public long bytes() {
      return bytes;
    }

    /** Trails (a connection, first tick and time, size and start each, with a margin; each entry a tick, two rates and an RTT) and table slots. */
    private static long bytes(int trails, long entries, int slots) {
      return 200 + trails * 96L + entries * 20 + slots * 12L;
    }
  }

  /** Ends the stream as replay does: a last, shorter tick for activity since the last TICK. */
  public void finish() {
    aggregator.finish();
  }

  /** The recording's tick interval (the latest session's); 0 before its header. */
  public long tickIntervalNs() {
    return session == null ? 0 : session.tickIntervalNs();
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
    if (event instanceof Tick t) {
      sink.ticked(ticks - 1, t.tsNs() + wallOffsetNs);
    }
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
    for (ConnectionLine l : active) {
      Trail t = trails.get(l.connection());
      if (t == null) {
        t = new Trail(index, epochNs, keep);
        trails.put(l.connection(), t);
      }
      t.add(index, l);
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
