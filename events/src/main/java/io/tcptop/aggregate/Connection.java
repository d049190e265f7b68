package io.tcptop.aggregate;

import io.tcptop.event.ConnectionSnapshot;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.TcpState;

/** The aggregator's running state of one connection. Made once per connection, never per event. */
final class Connection {
  final long number;
  final long firstSeenNs;
  Flow flow;
  TcpState state = TcpState.NONE;
  long bytesIn;
  long bytesOut;
  long tickIn;
  long tickOut;
  /** Last traffic: what UDP expiry counts from. */
  long lastTrafficNs;
  /** Last event of any kind on this connection. */
  long lastSeenNs;
  int rttUs = -1;
  int rttMinUs = Integer.MAX_VALUE;
  int rttMaxUs;
  long rttSumUs;
  long rttCount;
  boolean partial;
  boolean closed;
  boolean touched;

  Connection(long number, Flow flow, long tsNs) {
    this.number = number;
    this.flow = flow;
    this.firstSeenNs = tsNs;
    this.lastTrafficNs = tsNs;
    this.lastSeenNs = tsNs;
  }

  /** A connection as a key frame restated it: counters, times, state and RTT samples as they were. */
  static Connection resumed(ConnectionSnapshot s) {
    Connection c = new Connection(s.number(), s.flow(), s.firstSeenNs());
    c.bytesIn = s.bytesIn();
    c.bytesOut = s.bytesOut();
    c.lastSeenNs = s.lastSeenNs();
    c.lastTrafficNs = s.lastTrafficNs();
    c.state = s.state();
    c.rttUs = s.rttUs();
    c.partial = s.partial();
    if (s.rttCount() > 0) {
      c.rttMinUs = s.rttMinUs();
      c.rttMaxUs = s.rttMaxUs();
      c.rttSumUs = s.rttSumUs();
      c.rttCount = s.rttCount();
    }
    return c;
  }

  /** An exact copy, down to the counters of the tick in progress. */
  Connection copy() {
    Connection c = new Connection(number, flow, firstSeenNs);
    c.state = state;
    c.bytesIn = bytesIn;
    c.bytesOut = bytesOut;
    c.tickIn = tickIn;
    c.tickOut = tickOut;
    c.lastTrafficNs = lastTrafficNs;
    c.lastSeenNs = lastSeenNs;
    c.rttUs = rttUs;
    c.rttMinUs = rttMinUs;
    c.rttMaxUs = rttMaxUs;
    c.rttSumUs = rttSumUs;
    c.rttCount = rttCount;
    c.partial = partial;
    c.closed = closed;
    c.touched = touched;
    return c;
  }

  ConnectionSnapshot snapshot(long tickNs) {
    return new ConnectionSnapshot(tickNs, flow, number, bytesIn, bytesOut, firstSeenNs, lastSeenNs, lastTrafficNs,
        state, rttUs, partial, rttCount == 0 ? 0 : rttMinUs, rttMaxUs, rttSumUs, rttCount);
  }

  boolean isUdp() {
    return flow.proto() == Proto.UDP;
  }

  /**
   * Keeps the best-known owner: a described owner replaces another, but a flow seen only from
   * softirq context (pid 0) never hides the process that owns it.
   */
  void updateOwner(Flow latest) {
    if (latest != flow && latest.pid() != 0) {
      flow = latest;
    }
  }

  void rtt(int us) {
    rttUs = us;
    rttMinUs = Math.min(rttMinUs, us);
    rttMaxUs = Math.max(rttMaxUs, us);
    rttSumUs += us;
    rttCount++;
  }

  ConnectionLine line(long tsNs, long epochNs, long tickLengthNs) {
    double rateIn = tickLengthNs > 0 ? tickIn * 1e9 / tickLengthNs : 0;
    double rateOut = tickLengthNs > 0 ? tickOut * 1e9 / tickLengthNs : 0;
    return new ConnectionLine(tsNs, epochNs, number, flow, state, bytesIn, bytesOut, tickIn, tickOut,
        rateIn, rateOut, rttUs, partial, closed);
  }

  ConnectionRecord record(ConnectionRecord.End end) {
    ConnectionRecord.RttSummary rtt = rttCount == 0
        ? ConnectionRecord.RttSummary.NONE
        : new ConnectionRecord.RttSummary(rttMinUs, rttMaxUs, rttSumUs, rttCount);
    return new ConnectionRecord(number, flow, firstSeenNs, lastSeenNs, bytesIn, bytesOut, state, partial, rtt, end);
  }
}
