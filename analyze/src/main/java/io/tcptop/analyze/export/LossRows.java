package io.tcptop.analyze.export;

import io.tcptop.analyze.parquet.Column;
import io.tcptop.analyze.parquet.DatasetWriter;
import io.tcptop.analyze.parquet.ParquetFile;
import io.tcptop.event.Loss;
import org.apache.parquet.io.api.Binary;

/** One {@code losses} row per LOSS record, next to its {@code events} row. */
final class LossRows {
  private static final Column TS = Tables.LOSSES.column("ts");
  private static final Column LOST = Tables.LOSSES.column("lost");
  private static final Column CAUSE = Tables.LOSSES.column("cause");
  private static final Column HOST = Tables.LOSSES.column("host");
  private static final Column SESSION = Tables.LOSSES.column("session");

  private final DatasetWriter losses;
  private final Binary host;
  private final Binary session;
  private final long offsetNs;

  LossRows(DatasetWriter losses, String host, String session, long offsetNs) {
    this.losses = losses;
    this.host = Strings.binary(host);
    this.session = Strings.binary(session);
    this.offsetNs = offsetNs;
  }

  void add(Loss l) {
    long epochNs = l.tsNs() + offsetNs;
    ParquetFile file = losses.file(epochNs);
    file.slot(TS).putTimestamp(epochNs);
    file.slot(LOST).putLong(l.count());
    file.slot(CAUSE).putString(Strings.cause(l.cause()));
    file.slot(HOST).putString(host);
    file.slot(SESSION).putString(session);
    file.endRow();
  }
}
