package io.tcptop.analyze.export;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.analyze.parquet.Column;
import io.tcptop.analyze.parquet.DatasetWriter;
import io.tcptop.analyze.parquet.ParquetFile;
import io.tcptop.analyze.parquet.Table;
import io.tcptop.event.Flow;
import org.apache.parquet.io.api.Binary;

/**
 * Writes the aggregator's view of connections: a {@code bandwidth} row for every line replay
 * prints (same order, same values) and a {@code connections} row when a connection is over.
 */
final class ConnectionRows implements ConnectionTracker.Sink {
  private static final Table B = Tables.BANDWIDTH;
  private static final Table C = Tables.CONNECTIONS;
  private static final Column B_BYTES_IN = B.column("bytes_in");
  private static final Column B_BYTES_OUT = B.column("bytes_out");
  private static final Column B_CLOSED = B.column("closed");
  private static final Column B_CONNECTION = B.column("connection");
  private static final Column B_FLOW = B.column("flow");
  private static final Column B_HOST = B.column("host");
  private static final Column B_PARTIAL = B.column("partial");
  private static final Column B_RATE_IN = B.column("rate_in");
  private static final Column B_RATE_OUT = B.column("rate_out");
  private static final Column B_RTT_US = B.column("rtt_us");
  private static final Column B_SESSION = B.column("session");
  private static final Column B_STATE = B.column("state");
  private static final Column B_TOTAL_IN = B.column("total_in");
  private static final Column B_TOTAL_OUT = B.column("total_out");
  private static final Column B_TS = B.column("ts");
  private static final Column C_BYTES_IN = C.column("bytes_in");
  private static final Column C_BYTES_OUT = C.column("bytes_out");
  private static final Column C_CLOSED = C.column("closed");
  private static final Column C_CONNECTION = C.column("connection");
  private static final Column C_FIRST_SEEN = C.column("first_seen");
  private static final Column C_FLOW = C.column("flow");
  private static final Column C_HOST = C.column("host");
  private static final Column C_LAST_SEEN = C.column("last_seen");
  private static final Column C_PARTIAL = C.column("partial");
  private static final Column C_RTT_AVG_US = C.column("rtt_avg_us");
  private static final Column C_RTT_MAX_US = C.column("rtt_max_us");
  private static final Column C_RTT_MIN_US = C.column("rtt_min_us");
  private static final Column C_SESSION = C.column("session");
  private static final Column C_STATE = C.column("state");

  private static final Column[] B_FLOW_COLUMNS = flowColumns(B);
  private static final Column[] C_FLOW_COLUMNS = flowColumns(C);

  private final DatasetWriter bandwidth;
  private final DatasetWriter connections;
  private final Binary host;
  private final Binary session;
  private final long offsetNs;

  ConnectionRows(DatasetWriter bandwidth, DatasetWriter connections, String host, String session, long offsetNs) {
    this.bandwidth = bandwidth;
    this.connections = connections;
    this.host = Strings.binary(host);
    this.session = Strings.binary(session);
    this.offsetNs = offsetNs;
  }

  @Override
  public void line(long epochNs, ConnectionLine l, ConnectionTracker.Tracked c) {
    ParquetFile f = bandwidth.file(epochNs);
    f.slot(B_TS).putTimestamp(epochNs);
    flow(f, B_FLOW_COLUMNS, l.flow());
    Binary state = Strings.state(l.state());
    if (state == null) {
      f.slot(B_STATE).putNull();
    } else {
      f.slot(B_STATE).putString(state);
    }
    f.slot(B_BYTES_IN).putLong(l.tickBytesIn());
    f.slot(B_BYTES_OUT).putLong(l.tickBytesOut());
    f.slot(B_RATE_IN).putDouble(l.rateIn());
    f.slot(B_RATE_OUT).putDouble(l.rateOut());
    if (l.rttUs() < 0) {
      f.slot(B_RTT_US).putNull();
    } else {
      f.slot(B_RTT_US).putInt(l.rttUs());
    }
    f.slot(B_TOTAL_IN).putLong(l.bytesIn());
    f.slot(B_TOTAL_OUT).putLong(l.bytesOut());
    f.slot(B_PARTIAL).putBoolean(l.partial());
    f.slot(B_CLOSED).putBoolean(l.closed());
    f.slot(B_FLOW).putInt(l.flow().id());
    f.slot(B_CONNECTION).putLong(c.number);
    f.slot(B_HOST).putString(host);
    f.slot(B_SESSION).putString(session);
    f.endRow();
  }

  @Override
  public void finished(ConnectionTracker.Tracked c) {
    long firstSeen = c.firstSeenNs + offsetNs;
    ParquetFile f = connections.file(firstSeen);
    flow(f, C_FLOW_COLUMNS, c.flow);
    f.slot(C_FIRST_SEEN).putTimestamp(firstSeen);
    f.slot(C_LAST_SEEN).putTimestamp(c.lastSeenNs + offsetNs);
    f.slot(C_BYTES_IN).putLong(c.bytesIn);
    f.slot(C_BYTES_OUT).putLong(c.bytesOut);
    f.slot(C_CLOSED).putBoolean(c.closed);
    f.slot(C_PARTIAL).putBoolean(c.partial);
    if (c.rttCount == 0) {
      f.slot(C_RTT_MIN_US).putNull();
      f.slot(C_RTT_AVG_US).putNull();
      f.slot(C_RTT_MAX_US).putNull();
    } else {
      f.slot(C_RTT_MIN_US).putInt(c.rttMin);
      f.slot(C_RTT_AVG_US).putDouble((double) c.rttSum / c.rttCount);
      f.slot(C_RTT_MAX_US).putInt(c.rttMax);
    }
    Binary state = Strings.state(c.state);
    if (state == null) {
      f.slot(C_STATE).putNull();
    } else {
      f.slot(C_STATE).putString(state);
    }
    f.slot(C_FLOW).putInt(c.flow.id());
    f.slot(C_CONNECTION).putLong(c.number);
    f.slot(C_HOST).putString(host);
    f.slot(C_SESSION).putString(session);
    f.endRow();
  }

  /** The columns both tables take from the flow: protocol, endpoints, owner. */
  private static void flow(ParquetFile f, Column[] cols, Flow flow) {
    f.slot(cols[0]).putString(Strings.proto(flow.proto()));
    f.slot(cols[1]).putString(flow.localAddr());
    f.slot(cols[2]).putInt(flow.localPort());
    f.slot(cols[3]).putString(flow.remoteAddr());
    f.slot(cols[4]).putInt(flow.remotePort());
    f.slot(cols[5]).putInt(flow.pid());
    f.slot(cols[6]).putString(flow.comm());
  }

  private static Column[] flowColumns(Table t) {
    return new Column[] {t.column("proto"), t.column("local_addr"), t.column("local_port"),
        t.column("remote_addr"), t.column("remote_port"), t.column("pid"), t.column("comm")};
  }
}
