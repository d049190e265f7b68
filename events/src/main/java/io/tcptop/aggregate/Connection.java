package io.tcptop.aggregate;

import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.TcpState;

/** The aggregator's running state of one connection. Made once per connection, never per event. */
final class Connection {
  Flow flow;
  TcpState state = TcpState.NONE;
  long bytesIn;
  long bytesOut;
  long tickIn;
  long tickOut;
  long lastSeenNs;
  int rttUs = -1;
  boolean partial;
  boolean closed;
  boolean touched;

  Connection(Flow flow) {
    this.flow = flow;
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

  ConnectionLine line(long tsNs, long epochNs, long tickLengthNs) {
    double rateIn = tickLengthNs > 0 ? tickIn * 1e9 / tickLengthNs : 0;
    double rateOut = tickLengthNs > 0 ? tickOut * 1e9 / tickLengthNs : 0;
    return new ConnectionLine(tsNs, epochNs, flow, state, bytesIn, bytesOut, tickIn, tickOut,
        rateIn, rateOut, rttUs, partial, closed);
  }
}
