package io.tcptop.analyze.export;

import io.tcptop.analyze.parquet.DatasetWriter;
import io.tcptop.analyze.parquet.ParquetFile;
import io.tcptop.analyze.parquet.Table;
import io.tcptop.event.EventSource;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.journal.JournalSource;

/** The one {@code sessions} row of a journal: its header, how it ended, its totals, and what was lost to damage. */
final class SessionRows {
  private static final Table S = Tables.SESSIONS;

  private SessionRows() {}

  static void write(DatasetWriter sessions, JournalSource reader, String session, long lastTsNs,
      EventSource.Outcome outcome, long trafficEvents, long connections, long lostInRecords) {
    SessionStart h = reader.header();
    long start = h.toEpochNs(h.tsNs());
    ParquetFile f = sessions.file(start);
    f.slot(S.column("session")).putString(session);
    f.slot(S.column("host")).putString(h.host());
    f.slot(S.column("start_ts")).putTimestamp(start);
    SessionEnd end = reader.end();
    if (end == null) {
      f.slot(S.column("end_ts")).putNull();
    } else {
      f.slot(S.column("end_ts")).putTimestamp(h.toEpochNs(end.tsNs()));
    }
    f.slot(S.column("last_ts")).putTimestamp(h.toEpochNs(Math.max(lastTsNs, h.tsNs())));
    f.slot(S.column("start_ns")).putLong(h.tsNs());
    f.slot(S.column("wall_offset_ns")).putLong(h.wallClockOffsetNs());
    f.slot(S.column("tick_interval_ns")).putLong(h.tickIntervalNs());
    f.slot(S.column("kernel")).putString(h.kernel());
    f.slot(S.column("tool_version")).putString(h.toolVersion());
    f.slot(S.column("format_version")).putInt(reader.formatVersion());
    f.slot(S.column("schema_version")).putInt(Tables.SCHEMA_VERSION);
    f.slot(S.column("filters")).putString(h.filters());
    f.slot(S.column("journal")).putString(reader.directory().toAbsolutePath().normalize().toString());
    f.slot(S.column("records")).putLong(outcome.records());
    f.slot(S.column("traffic_events")).putLong(trafficEvents);
    f.slot(S.column("connections")).putLong(connections);
    f.slot(S.column("lost")).putLong(end == null ? lostInRecords : end.lost());
    f.slot(S.column("ended_cleanly")).putBoolean(end != null);
    f.slot(S.column("damaged_batches")).putLong(outcome.damage().size());
    f.slot(S.column("records_lost_to_damage")).putLong(outcome.recordsLostToDamage());
    f.endRow();
  }
}
