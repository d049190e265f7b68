package io.tcptop.aggregate;

import io.tcptop.event.Flow;
import io.tcptop.event.TcpState;

/**
 * One connection at one tick: what every view prints and what the bandwidth dataset stores.
 *
 * @param connection the connection's number in its stream (see {@link ConnectionRecord#number})
 * @param flow the flow with its current owner
 * @param bytesIn cumulative bytes received since the connection was first seen
 * @param tickBytesIn bytes received during this tick
 * @param rateIn bytes per second over this tick
 * @param rttUs smoothed RTT in microseconds, -1 when unknown
 * @param partial the connection existed before recording began, so totals miss its start
 * @param closed this is the connection's last line: it closed during this tick
 */
public record ConnectionLine(
    long tsNs,
    long epochNs,
    long connection,
    Flow flow,
    TcpState state,
    long bytesIn,
    long bytesOut,
    long tickBytesIn,
    long tickBytesOut,
    double rateIn,
    double rateOut,
    int rttUs,
    boolean partial,
    boolean closed) {}
