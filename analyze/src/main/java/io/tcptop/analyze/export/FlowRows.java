package io.tcptop.analyze.export;

import io.tcptop.analyze.parquet.Column;
import io.tcptop.analyze.parquet.DatasetWriter;
import io.tcptop.analyze.parquet.ParquetFile;
import io.tcptop.event.Flow;
import org.apache.parquet.io.api.Binary;

/** One {@code flows} row per FLOW record: what the {@code events} view joins in. */
final class FlowRows {
  private static final Column TS = Tables.FLOWS.column("ts");
  private static final Column FLOW_REF = Tables.FLOWS.column("flow_ref");
  private static final Column FLOW = Tables.FLOWS.column("flow");
  private static final Column COOKIE = Tables.FLOWS.column("cookie");
  private static final Column PROTO = Tables.FLOWS.column("proto");
  private static final Column FAMILY = Tables.FLOWS.column("family");
  private static final Column LOCAL_ADDR = Tables.FLOWS.column("local_addr");
  private static final Column LOCAL_PORT = Tables.FLOWS.column("local_port");
  private static final Column REMOTE_ADDR = Tables.FLOWS.column("remote_addr");
  private static final Column REMOTE_PORT = Tables.FLOWS.column("remote_port");
  private static final Column PID = Tables.FLOWS.column("pid");
  private static final Column COMM = Tables.FLOWS.column("comm");
  private static final Column[] OWNER = OwnerColumns.of(Tables.FLOWS);
  private static final Column HOST = Tables.FLOWS.column("host");
  private static final Column SESSION = Tables.FLOWS.column("session");

  private final DatasetWriter flows;
  private final Binary host;
  private final Binary session;
  private final long offsetNs;

  FlowRows(DatasetWriter flows, String host, String session, long offsetNs) {
    this.flows = flows;
    this.host = Strings.binary(host);
    this.session = Strings.binary(session);
    this.offsetNs = offsetNs;
  }

  void add(Flow f, int ref) {
    long epochNs = f.tsNs() + offsetNs;
    ParquetFile file = flows.file(epochNs);
    file.slot(TS).putTimestamp(epochNs);
    file.slot(FLOW_REF).putInt(ref);
    file.slot(FLOW).putInt(f.id());
    file.slot(COOKIE).putLong(f.cookie());
    file.slot(PROTO).putString(Strings.proto(f.proto()));
    file.slot(FAMILY).putInt(f.family());
    file.slot(LOCAL_ADDR).putString(f.localAddr());
    file.slot(LOCAL_PORT).putInt(f.localPort());
    file.slot(REMOTE_ADDR).putString(f.remoteAddr());
    file.slot(REMOTE_PORT).putInt(f.remotePort());
    file.slot(PID).putInt(f.pid());
    file.slot(COMM).putString(f.comm());
    OwnerColumns.put(file, OWNER, f);
    file.slot(HOST).putString(host);
    file.slot(SESSION).putString(session);
    file.endRow();
  }
}
