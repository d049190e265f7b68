package io.tcptop.aggregate;

import io.tcptop.event.Flow;
import io.tcptop.event.TcpState;

/**
 * One connection's whole life as the aggregator saw it.
 *
 * @param number the connection's number in its stream, from 0, in the order connections began
 * @param flow the flow with its last known owner
 * @param firstSeenNs the connection's first event (monotonic ns)
 * @param lastSeenNs its last traffic, state change, RTT sample or seed
 * @param bytesIn cumulative bytes received: the {@code bytes_in} of its last line
 * @param rtt its RTT samples and state changes' smoothed RTTs
 * @param end why it ended
 */
public record ConnectionRecord(
    long number,
    Flow flow,
    long firstSeenNs,
    long lastSeenNs,
    long bytesIn,
    long bytesOut,
    TcpState state,
    boolean partial,
    RttSummary rtt,
    End end) {

  /** Why a connection ended. */
  public enum End {
    /** A TCP connection reached CLOSE; its last line is marked closed. */
    CLOSED,
    /** A UDP flow saw no traffic for {@link Aggregator#UDP_IDLE_NS}; traffic after that starts a new connection. */
    EXPIRED,
    /** The stream ended while the connection was open. */
    STREAM_END
  }

  /** Smoothed RTT samples in microseconds; {@code count} 0 when there were none. */
  public record RttSummary(int minUs, int maxUs, long sumUs, long count) {
    public static final RttSummary NONE = new RttSummary(0, 0, 0, 0);

    public double averageUs() {
      return count == 0 ? Double.NaN : (double) sumUs / count;
    }
  }
}
