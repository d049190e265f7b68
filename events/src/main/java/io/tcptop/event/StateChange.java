package io.tcptop.event;

/**
 * A TCP state change, with the socket's own counters at that moment so totals can be checked
 * against the kernel. The kernel reports these from softirq context, so no pid comes with it:
 * the owner is the flow's.
 *
 * @param srttUs smoothed RTT in microseconds, -1 when unknown
 */
public record StateChange(
    long tsNs, Flow flow, TcpState oldState, TcpState newState, long bytesAcked,
    long bytesReceived, int srttUs) implements Event {}
