package io.tcptop.aggregate;

import io.tcptop.event.ConnectionSnapshot;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.event.Loss;
import io.tcptop.event.RttSample;
import io.tcptop.event.Seed;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import io.tcptop.event.Tick;
import io.tcptop.event.Traffic;
import io.tcptop.util.LongMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns events into per-connection lines at each tick. The live view, replay and the bandwidth
 * export all use this one class, and it reads no clock: ticks come as events, so the same events
 * always give the same lines.
 *
 * <p>A connection is active in a tick when anything happened to it (bytes, state, RTT); each
 * tick reports the active ones, busiest first. A TCP connection that closes reports one last
 * line marked closed and is forgotten; a UDP flow is forgotten after {@link #UDP_IDLE_NS}
 * without traffic, so bytes after that count from zero again. Each of these decisions, and the
 * end of the stream, is told to the {@link ConnectionListener}.
 *
 * <p>A SEED says a flow existed before the recording, so its earlier bytes are unknown: the
 * connection is marked partial, but only made when something happens to it. A seed by itself
 * is no activity (a journal written before the recorder emitted seeds lazily holds one for every
 * socket it found at start, most of them idle).
 */
public final class Aggregator implements EventHandler {
  public static final long UDP_IDLE_NS = 5_000_000_000L;

  private static final Comparator<ConnectionLine> BUSIEST_FIRST =
      Comparator.comparingDouble((ConnectionLine l) -> -(l.rateIn() + l.rateOut()))
          .thenComparingInt(l -> l.flow().id());

  /** The order of a tick's active lines. */
  public enum LineOrder {
    /** Busiest first, then by flow: what replay prints. */
    BUSIEST_FIRST,
    /** As they come: for a listener that orders them itself, or needs no order (top), spared the sort. */
    ANY
  }

  private final TickListener listener;
  private final ConnectionListener lifecycle;
  private final LineOrder order;
  private String session;
  private final LongMap<Connection> live;
  /** Seeds of flows that have had no connection yet, by flow id. */
  private final LongMap<Seed> preExisting;
  private final List<Connection> touched = new ArrayList<>();
  private final List<Connection> ended = new ArrayList<>();
  private long wallOffsetNs;
  private long lastTickNs = Long.MIN_VALUE;
  /** The tick being reported, for {@link #openLines()}. */
  private long tickNs;
  private long tickLengthNs;
  private long lastEventNs = Long.MIN_VALUE;
  private long trafficEvents;
  private long connectionsSeen;
  private long lost;

  public Aggregator(TickListener listener) {
    this(listener, ConnectionListener.NONE);
  }

  public Aggregator(TickListener listener, ConnectionListener lifecycle) {
    this(listener, lifecycle, LineOrder.BUSIEST_FIRST);
  }

  public Aggregator(TickListener listener, ConnectionListener lifecycle, LineOrder order) {
    this.listener = listener;
    this.lifecycle = lifecycle;
    this.order = order;
    this.live = new LongMap<>(1024);
    this.preExisting = new LongMap<>();
  }

  /**
   * An aggregator that goes on from a saved state exactly as the one saved did from there: the
   * same lines in the same order, the same connection numbers, the same ends. The saved state is
   * copied, so it can be started from again.
   */
  public Aggregator(Saved from, TickListener listener, ConnectionListener lifecycle) {
    this.listener = listener;
    this.lifecycle = lifecycle;
    this.order = from.order;
    this.live = from.live.copy(Connection::copy);
    this.preExisting = from.preExisting.copy(s -> s);
    for (long flowId : from.touched) {
      touched.add(live.get(flowId));
    }
    this.session = from.session;
    this.wallOffsetNs = from.wallOffsetNs;
    this.lastTickNs = from.lastTickNs;
    this.tickNs = from.tickNs;
    this.tickLengthNs = from.tickLengthNs;
    this.lastEventNs = from.lastEventNs;
    this.trafficEvents = from.trafficEvents;
    this.connectionsSeen = from.connectionsSeen;
    this.lost = from.lost;
  }

  /**
   * The aggregator's whole state as it stands between two events, copied (the open connections
   * with their counters, the tick in progress, the seeds still waiting, the totals): see
   * {@link #Aggregator(Saved, TickListener, ConnectionListener)}.
   */
  public Saved save() {
    long[] touchedFlows = new long[touched.size()];
    for (int i = 0; i < touchedFlows.length; i++) {
      // Every connection touched in this tick is open: a closed one leaves only at the tick.
      touchedFlows[i] = touched.get(i).flow.id();
    }
    return new Saved(this, touchedFlows);
  }

  /** An aggregator's state between two events, as {@link #save()} copied it. Immutable. */
  public static final class Saved {
    /** Roughly what one open connection's copy takes on the heap, its share of the table included. */
    private static final long BYTES_PER_CONNECTION = 200;

    private final LineOrder order;
    private final LongMap<Connection> live;
    private final LongMap<Seed> preExisting;
    private final long[] touched;
    private final String session;
    private final long wallOffsetNs;
    private final long lastTickNs;
    private final long tickNs;
    private final long tickLengthNs;
    private final long lastEventNs;
    private final long trafficEvents;
    private final long connectionsSeen;
    private final long lost;

    private Saved(Aggregator a, long[] touched) {
      this.order = a.order;
      this.live = a.live.copy(Connection::copy);
      this.preExisting = a.preExisting.copy(s -> s);
      this.touched = touched;
      this.session = a.session;
      this.wallOffsetNs = a.wallOffsetNs;
      this.lastTickNs = a.lastTickNs;
      this.tickNs = a.tickNs;
      this.tickLengthNs = a.tickLengthNs;
      this.lastEventNs = a.lastEventNs;
      this.trafficEvents = a.trafficEvents;
      this.connectionsSeen = a.connectionsSeen;
      this.lost = a.lost;
    }

    /** The open connections it holds. */
    public int connections() {
      return live.size();
    }

    /** An estimate of the heap it takes (the flows it refers to are shared with the reader, and not counted). */
    public long bytes() {
      return live.size() * BYTES_PER_CONNECTION + (live.capacity() + preExisting.capacity()) * 12L + touched.length * 8L;
    }
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    Connection c = connection(flow, tsNs);
    if (direction == Direction.SEND) {
      c.bytesOut += bytes;
      c.tickOut += bytes;
    } else {
      c.bytesIn += bytes;
      c.tickIn += bytes;
    }
    c.lastTrafficNs = tsNs;
    touch(c);
    trafficEvents++;
  }

  @Override
  public void onEvent(Event event) {
    switch (event) {
      case SessionStart h -> {
        if (session != null && !session.equals(h.session())) {
          // Another session follows in the same journal (a restarted recorder): its flow ids are
          // its own, so this one's connections end here, as at the end of a stream.
          endSession();
          lastTickNs = Long.MIN_VALUE;
        } else if (session != null) {
          // The same session restated by a key frame: a reader that lost the records before it
          // (a rolling recorder deleted them under it) goes on from the key frame's time.
          lastTickNs = h.tsNs();
        }
        session = h.session();
        wallOffsetNs = h.wallClockOffsetNs();
        if (lastTickNs == Long.MIN_VALUE) {
          lastTickNs = h.tsNs();
        }
        listener.onStart(h);
      }
      case ConnectionSnapshot s -> resume(s);
      case FlowGone g -> { }
      case Flow f -> {
        Connection c = live.get(f.id());
        if (c != null) {
          c.updateOwner(f);
        }
      }
      case StateChange s -> {
        Connection c = connection(s.flow(), s.tsNs());
        c.state = s.newState();
        if (s.srttUs() > 0) {
          c.rtt(s.srttUs());
        }
        if (s.newState() == TcpState.CLOSE) {
          c.closed = true;
        }
        touch(c);
      }
      case RttSample r -> {
        Connection c = connection(r.flow(), r.tsNs());
        c.rtt(r.srttUs());
        touch(c);
      }
      case Seed s -> {
        Connection c = live.get(s.flow().id());
        if (c != null) {
          c.partial = true;
        } else {
          preExisting.put(s.flow().id(), s);
        }
      }
      case Tick t -> tick(t.tsNs());
      case Loss l -> {
        lost += l.count();
        listener.onLoss(l.tsNs() + wallOffsetNs, l);
      }
      case SessionEnd e -> { }
      case Traffic t -> onTraffic(t.tsNs(), t.flow(), t.direction(), t.bytes());
    }
  }

  /**
   * Ends the stream: reports activity since the last tick as a final, shorter tick, then the
   * connections still open, in the order they began.
   */
  public void finish() {
    endSession();
    listener.onFinish();
  }

  /**
   * The open connections as they stand after the last tick, in the order they began: what a key
   * frame restates so that a reader starting there continues exactly from here.
   */
  public List<ConnectionSnapshot> snapshot() {
    List<Connection> open = new ArrayList<>(live.size());
    live.forEachValue(open::add);
    open.sort(java.util.Comparator.comparingLong(c -> c.number));
    List<ConnectionSnapshot> out = new ArrayList<>(open.size());
    for (Connection c : open) {
      out.add(c.snapshot(lastTickNs));
    }
    return out;
  }

  private void endSession() {
    if (!touched.isEmpty()) {
      tick(Math.max(lastEventNs, lastTickNs));
    }
    live.forEachValue(ended::add);
    ended.sort(java.util.Comparator.comparingLong(c -> c.number));
    endAll(ConnectionRecord.End.STREAM_END);
    live.clear();
    preExisting.clear();
  }

  /** A connection restated by a key frame: it continues with exactly the state it had. */
  private void resume(ConnectionSnapshot s) {
    Connection c = Connection.resumed(s);
    live.put(s.flow().id(), c);
    connectionsSeen = Math.max(connectionsSeen, s.number() + 1);
  }

  /**
   * The flows known to have existed before the recording that nothing has happened to yet: a key
   * frame restates them, so that their first activity after it is still marked partial.
   */
  public List<Seed> pendingSeeds() {
    List<Seed> seeds = new ArrayList<>(preExisting.size());
    preExisting.forEachValue(seeds::add);
    seeds.sort(java.util.Comparator.comparingInt(s -> s.flow().id()));
    return seeds;
  }

  public long trafficEvents() {
    return trafficEvents;
  }

  public long connectionsSeen() {
    return connectionsSeen;
  }

  public long lost() {
    return lost;
  }

  /**
   * Every open connection as a line of the tick being reported, for a view that shows idle
   * connections too (top): call it from {@link TickListener#onTick}. An active connection's line is
   * the one the tick reports; an idle one has zero bytes and rates for the tick; one that closed in
   * the tick is there once more, marked closed. Unordered.
   */
  public List<ConnectionLine> openLines() {
    List<ConnectionLine> all = new ArrayList<>(live.size());
    live.forEachValue(c -> all.add(c.line(tickNs, tickNs + wallOffsetNs, tickLengthNs)));
    return all;
  }

  /** Connections currently held: what the aggregator's memory grows with. */
  public int liveConnections() {
    return live.size();
  }

  private Connection connection(Flow flow, long tsNs) {
    lastEventNs = tsNs;
    Connection c = live.get(flow.id());
    if (c != null && c.isUdp() && !c.touched && tsNs - c.lastTrafficNs >= UDP_IDLE_NS) {
      // Idle past expiry between two ticks: this traffic starts a new flow.
      live.remove(flow.id());
      lifecycle.ended(c.record(ConnectionRecord.End.EXPIRED));
      c = null;
    }
    if (c == null) {
      c = new Connection(connectionsSeen++, flow, tsNs);
      Seed seed = preExisting.size() == 0 ? null : preExisting.remove(flow.id());
      if (seed != null) {
        c.partial = true;
        c.state = seed.state();
      }
      live.put(flow.id(), c);
    } else {
      c.updateOwner(flow);
      c.lastSeenNs = tsNs;
    }
    return c;
  }

  private void touch(Connection c) {
    if (!c.touched) {
      c.touched = true;
      touched.add(c);
    }
  }

  private void tick(long tsNs) {
    long length = lastTickNs == Long.MIN_VALUE ? 0 : tsNs - lastTickNs;
    tickNs = tsNs;
    tickLengthNs = length;
    expireIdleUdp(tsNs);
    List<ConnectionLine> lines = new ArrayList<>(touched.size());
    for (Connection c : touched) {
      lines.add(c.line(tsNs, tsNs + wallOffsetNs, length));
    }
    if (order == LineOrder.BUSIEST_FIRST) {
      lines.sort(BUSIEST_FIRST);
    }
    listener.onTick(tsNs, tsNs + wallOffsetNs, lines);
    for (Connection c : touched) {
      c.touched = false;
      c.tickIn = 0;
      c.tickOut = 0;
      if (c.closed) {
        live.remove(c.flow.id());
        ended.add(c);
      }
    }
    touched.clear();
    endAll(ConnectionRecord.End.CLOSED);
    lastTickNs = tsNs;
  }

  private void expireIdleUdp(long nowNs) {
    live.forEachValue(c -> {
      if (c.isUdp() && !c.touched && nowNs - c.lastTrafficNs >= UDP_IDLE_NS) {
        ended.add(c);
      }
    });
    for (Connection c : ended) {
      live.remove(c.flow.id());
    }
    ended.sort(java.util.Comparator.comparingLong(c -> c.number));
    endAll(ConnectionRecord.End.EXPIRED);
  }

  private void endAll(ConnectionRecord.End how) {
    for (Connection c : ended) {
      lifecycle.ended(c.record(how));
    }
    ended.clear();
  }
}
