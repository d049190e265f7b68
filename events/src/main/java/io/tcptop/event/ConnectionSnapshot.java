package io.tcptop.event;

/**
 * One open connection as the aggregator held it at a tick: what a key frame restates so that a
 * reader starting there (a journal whose first cycles were deleted, a slice) continues exactly
 * where the recording's own view was.
 *
 * @param tsNs the tick the snapshot belongs to
 * @param number the connection's number in its session
 * @param lastTrafficNs its last send or receive (UDP expiry counts from it)
 * @param lastSeenNs its last event of any kind
 * @param rttUs the smoothed RTT shown, -1 when unknown
 * @param rttCount samples behind rttMinUs, rttMaxUs and rttSumUs (0: none)
 */
public record ConnectionSnapshot(
    long tsNs,
    Flow flow,
    long number,
    long bytesIn,
    long bytesOut,
    long firstSeenNs,
    long lastSeenNs,
    long lastTrafficNs,
    TcpState state,
    int rttUs,
    boolean partial,
    int rttMinUs,
    int rttMaxUs,
    long rttSumUs,
    long rttCount)
    implements Event {}
