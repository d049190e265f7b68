package io.tcptop.analyze.export;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.RttSample;
import io.tcptop.event.Seed;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import io.tcptop.util.LongMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows the aggregator's connections through its tick lines, so that the bandwidth rows and
 * the connection rows come from the same lines replay prints. Lines say which flow they belong
 * to, not which of the aggregator's connections: a TCP connection ends with its closed line, and
 * a UDP flow that the aggregator expired starts again from zero, which its line shows as a
 * cumulative total equal to the tick's bytes. The raw events add what lines do not carry: when
 * a connection was first and last seen, and its RTT samples.
 */
final class ConnectionTracker implements EventHandler, TickListener {

  /** Receives every line with its connection, and each connection once it is over. */
  interface Sink {
    void line(long epochNs, ConnectionLine line, Tracked connection);

    void finished(Tracked connection);
  }

  /** One of the aggregator's connections, as the lines so far describe it. */
  static final class Tracked {
    final long number;
    Flow flow;
    TcpState state = TcpState.NONE;
    long firstSeenNs;
    long lastSeenNs;
    long bytesIn;
    long bytesOut;
    boolean closed;
    boolean partial;
    int rttMin = Integer.MAX_VALUE;
    int rttMax = -1;
    long rttSum;
    long rttCount;

    Tracked(long number) {
      this.number = number;
    }
  }

  /** What happened to one flow since the last tick. */
  private static final class Window {
    long firstNs;
    long lastNs;
    int rttMin;
    int rttMax;
    long rttSum;
    int rttCount;
    boolean empty = true;

    void seen(long tsNs) {
      if (empty) {
        empty = false;
        firstNs = tsNs;
        rttMin = Integer.MAX_VALUE;
        rttMax = -1;
        rttSum = 0;
        rttCount = 0;
      }
      lastNs = tsNs;
    }

    void rtt(int us) {
      rttMin = Math.min(rttMin, us);
      rttMax = Math.max(rttMax, us);
      rttSum += us;
      rttCount++;
    }
  }

  private final Sink sink;
  private final FlowTable<Window> windows = new FlowTable<>();
  private final LongMap<Tracked> current = new LongMap<>(1024);
  private long nextNumber;

  ConnectionTracker(Sink sink) {
    this.sink = sink;
  }

  long connections() {
    return nextNumber;
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    window(flow).seen(tsNs);
  }

  @Override
  public void onEvent(Event event) {
    switch (event) {
      case StateChange s -> {
        Window w = window(s.flow());
        w.seen(s.tsNs());
        if (s.srttUs() > 0) {
          w.rtt(s.srttUs());
        }
      }
      case RttSample r -> {
        Window w = window(r.flow());
        w.seen(r.tsNs());
        w.rtt(r.srttUs());
      }
      case Seed s -> window(s.flow()).seen(s.tsNs());
      default -> { }
    }
  }

  @Override
  public void onTick(long tsNs, long epochNs, List<ConnectionLine> lines) {
    for (ConnectionLine line : lines) {
      int id = line.flow().id();
      Tracked c = current.get(id);
      if (c == null || restarted(c, line)) {
        if (c != null) {
          sink.finished(c);
        }
        c = new Tracked(nextNumber++);
        current.put(id, c);
      }
      absorb(c, line, windows.get(id), tsNs);
      sink.line(epochNs, line, c);
      if (line.closed()) {
        sink.finished(c);
        current.remove(id);
      }
    }
  }

  /** The journal ended: connections still open are reported in the order they began. */
  @Override
  public void onFinish() {
    List<Tracked> open = new ArrayList<>(current.size());
    current.forEachValue(open::add);
    open.sort(Comparator.comparingLong(t -> t.number));
    for (Tracked t : open) {
      sink.finished(t);
    }
    current.clear();
  }

  /** A UDP flow the aggregator expired comes back with nothing counted before this tick. */
  private static boolean restarted(Tracked c, ConnectionLine line) {
    return line.flow().proto() == Proto.UDP
        && c.bytesIn + c.bytesOut > 0
        && line.bytesIn() == line.tickBytesIn()
        && line.bytesOut() == line.tickBytesOut();
  }

  private static void absorb(Tracked c, ConnectionLine line, Window w, long tickNs) {
    boolean first = c.flow == null;
    c.flow = line.flow();
    c.state = line.state();
    c.bytesIn = line.bytesIn();
    c.bytesOut = line.bytesOut();
    c.closed = line.closed();
    c.partial |= line.partial();
    if (w == null || w.empty) {
      // Every line follows some event of its flow; keep the tick time as the best bound anyway.
      if (first) {
        c.firstSeenNs = tickNs;
      }
      c.lastSeenNs = Math.max(c.lastSeenNs, first ? tickNs : c.lastSeenNs);
      return;
    }
    if (first) {
      c.firstSeenNs = w.firstNs;
    }
    c.lastSeenNs = w.lastNs;
    if (w.rttCount > 0) {
      c.rttMin = Math.min(c.rttMin, w.rttMin);
      c.rttMax = Math.max(c.rttMax, w.rttMax);
      c.rttSum += w.rttSum;
      c.rttCount += w.rttCount;
    }
    w.empty = true;
  }

  private Window window(Flow flow) {
    Window w = windows.get(flow.id());
    if (w == null) {
      w = new Window();
      windows.put(flow.id(), w);
    }
    return w;
  }
}
