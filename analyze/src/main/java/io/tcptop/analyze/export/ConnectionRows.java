package io.tcptop.analyze.export;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.ConnectionListener;
import io.tcptop.aggregate.ConnectionRecord;
import io.tcptop.aggregate.TickListener;
import io.tcptop.analyze.parquet.Column;
import io.tcptop.analyze.parquet.DatasetWriter;
import io.tcptop.analyze.parquet.ParquetFile;
import io.tcptop.analyze.parquet.Table;
import io.tcptop.event.Flow;
import io.tcptop.view.LineColumns;
import java.util.List;
import org.apache.parquet.io.api.Binary;

/**
 * Writes what the aggregator decided: a {@code bandwidth} row for every line replay prints (same
 * order, same values) and a {@code connections} row for every connection it ended.
 */
final class ConnectionRows implements TickListener, ConnectionListener, LineColumns.Sink {
  private static final Table B = Tables.BANDWIDTH;
  private static final Table C = Tables.CONNECTIONS;
  private static final Column B_TICK_IN = B.column("tick_in");
  private static final Column B_TICK_OUT = B.column("tick_out");
  private static final Column B_FLOW = B.column("flow");
  private static final Column B_CONNECTION = B.column("connection");
  private static final Column B_HOST = B.column("host");
  private static final Column B_SESSION = B.column("session");
  private static final Column[] B_LINE = B.columns().subList(0, LineColumns.ALL.size()).toArray(Column[]::new);
  private static final Column C_FIRST_SEEN = C.column("first_seen");
  private static final Column C_LAST_SEEN = C.column("last_seen");
  private static final Column C_BYTES_IN = C.column("bytes_in");
  private static final Column C_BYTES_OUT = C.column("bytes_out");
  private static final Column C_CLOSED = C.column("closed");
  private static final Column C_PARTIAL = C.column("partial");
  private static final Column C_RTT_MIN_US = C.column("rtt_min_us");
  private static final Column C_RTT_AVG_US = C.column("rtt_avg_us");
  private static final Column C_RTT_MAX_US = C.column("rtt_max_us");
  private static final Column C_STATE = C.column("state");
  private static final Column C_FLOW = C.column("flow");
  private static final Column C_CONNECTION = C.column("connection");
  private static final Column C_HOST = C.column("host");
  private static final Column C_SESSION = C.column("session");
  private static final Column[] C_FLOW_COLUMNS = {C.column("proto"), C.column("local_addr"),
      C.column("local_port"), C.column("remote_addr"), C.column("remote_port"), C.column("pid"), C.column("comm")};
  private static final Column[] C_OWNER = OwnerColumns.of(C);

  private final DatasetWriter bandwidth;
  private final DatasetWriter connections;
  private final Binary host;
  private final Binary session;
  private final long offsetNs;
  private ParquetFile row;
  private int column;

  ConnectionRows(DatasetWriter bandwidth, DatasetWriter connections, String host, String session, long offsetNs) {
    this.bandwidth = bandwidth;
    this.connections = connections;
    this.host = Strings.binary(host);
    this.session = Strings.binary(session);
    this.offsetNs = offsetNs;
  }

  @Override
  public void onTick(long tsNs, long epochNs, List<ConnectionLine> lines) {
    for (ConnectionLine l : lines) {
      row = bandwidth.file(epochNs);
      column = 0;
      LineColumns.write(l, this);
      row.slot(B_TICK_IN).putLong(l.tickBytesIn());
      row.slot(B_TICK_OUT).putLong(l.tickBytesOut());
      row.slot(B_FLOW).putInt(l.flow().id());
      row.slot(B_CONNECTION).putLong(l.connection());
      row.slot(B_HOST).putString(host);
      row.slot(B_SESSION).putString(session);
      row.endRow();
    }
  }

  @Override
  public void ended(ConnectionRecord c) {
    long firstSeen = c.firstSeenNs() + offsetNs;
    ParquetFile f = connections.file(firstSeen);
    Flow flow = c.flow();
    f.slot(C_FLOW_COLUMNS[0]).putString(Strings.proto(flow.proto()));
    f.slot(C_FLOW_COLUMNS[1]).putString(flow.localAddr());
    f.slot(C_FLOW_COLUMNS[2]).putInt(flow.localPort());
    f.slot(C_FLOW_COLUMNS[3]).putString(flow.remoteAddr());
    f.slot(C_FLOW_COLUMNS[4]).putInt(flow.remotePort());
    f.slot(C_FLOW_COLUMNS[5]).putInt(flow.pid());
    f.slot(C_FLOW_COLUMNS[6]).putString(flow.comm());
    OwnerColumns.put(f, C_OWNER, flow);
    f.slot(C_FIRST_SEEN).putTimestamp(firstSeen);
    f.slot(C_LAST_SEEN).putTimestamp(c.lastSeenNs() + offsetNs);
    f.slot(C_BYTES_IN).putLong(c.bytesIn());
    f.slot(C_BYTES_OUT).putLong(c.bytesOut());
    f.slot(C_CLOSED).putBoolean(c.end() == ConnectionRecord.End.CLOSED);
    f.slot(C_PARTIAL).putBoolean(c.partial());
    if (c.rtt().count() == 0) {
      f.slot(C_RTT_MIN_US).putNull();
      f.slot(C_RTT_AVG_US).putNull();
      f.slot(C_RTT_MAX_US).putNull();
    } else {
      f.slot(C_RTT_MIN_US).putInt(c.rtt().minUs());
      f.slot(C_RTT_AVG_US).putDouble(c.rtt().averageUs());
      f.slot(C_RTT_MAX_US).putInt(c.rtt().maxUs());
    }
    Binary state = Strings.state(c.state());
    if (state == null) {
      f.slot(C_STATE).putNull();
    } else {
      f.slot(C_STATE).putString(state);
    }
    f.slot(C_FLOW).putInt(flow.id());
    f.slot(C_CONNECTION).putLong(c.number());
    f.slot(C_HOST).putString(host);
    f.slot(C_SESSION).putString(session);
    f.endRow();
  }

  // The line's columns, in order (LineColumns.Sink).

  @Override
  public void timestamp(long epochNs) {
    row.slot(B_LINE[column++]).putTimestamp(epochNs);
  }

  @Override
  public void string(String value) {
    row.slot(B_LINE[column++]).putString(Strings.binaryOf(value));
  }

  @Override
  public void integer(long value) {
    Column c = B_LINE[column++];
    if (c.type() == Column.Type.INT32) {
      row.slot(c).putInt((int) value);
    } else {
      row.slot(c).putLong(value);
    }
  }

  @Override
  public void rate(double bytesPerSecond) {
    row.slot(B_LINE[column++]).putDouble(bytesPerSecond);
  }

  @Override
  public void bool(boolean value) {
    row.slot(B_LINE[column++]).putBoolean(value);
  }

  @Override
  public void none() {
    row.slot(B_LINE[column++]).putNull();
  }
}
