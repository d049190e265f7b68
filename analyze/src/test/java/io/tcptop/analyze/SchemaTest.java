package io.tcptop.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Layout;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.parquet.TimestampUnit;
import io.tcptop.analyze.sql.ExportSource;
import io.tcptop.analyze.sql.Views;
import io.tcptop.analyze.testing.Duck;
import io.tcptop.analyze.testing.TestJournals;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The documented types, as DuckDB reads them, in both layouts; and the Parquet file types behind them. */
class SchemaTest {

  @TempDir Path tmp;

  static final Map<String, String> EVENTS = types(
      "ts TIMESTAMP_NS, ts_ns BIGINT, kind VARCHAR, proto VARCHAR, family INTEGER, pid INTEGER, comm VARCHAR, "
          + "local_addr VARCHAR, local_port INTEGER, remote_addr VARCHAR, remote_port INTEGER, bytes BIGINT, "
          + "old_state VARCHAR, new_state VARCHAR, rtt_us INTEGER, lost BIGINT, host VARCHAR, session VARCHAR, "
          + "flow INTEGER, cause VARCHAR, cgroup VARCHAR, container VARCHAR, netns BIGINT");
  static final Map<String, String> CONNECTIONS = types(
      "proto VARCHAR, local_addr VARCHAR, local_port INTEGER, remote_addr VARCHAR, remote_port INTEGER, pid INTEGER, "
          + "comm VARCHAR, cgroup_id BIGINT, cgroup VARCHAR, runtime VARCHAR, container VARCHAR, pod VARCHAR, netns BIGINT, "
          + "first_seen TIMESTAMP_NS, last_seen TIMESTAMP_NS, bytes_in BIGINT, bytes_out BIGINT, "
          + "closed BOOLEAN, partial BOOLEAN, rtt_min_us INTEGER, rtt_avg_us DOUBLE, rtt_max_us INTEGER, host VARCHAR, "
          + "session VARCHAR, state VARCHAR, flow INTEGER, connection BIGINT");
  static final Map<String, String> BANDWIDTH = types(
      "ts TIMESTAMP_NS, proto VARCHAR, local_addr VARCHAR, local_port INTEGER, remote_addr VARCHAR, remote_port INTEGER, "
          + "pid INTEGER, comm VARCHAR, state VARCHAR, bytes_in BIGINT, bytes_out BIGINT, rate_in DOUBLE, "
          + "rate_out DOUBLE, rtt_us INTEGER, partial BOOLEAN, closed BOOLEAN, cgroup VARCHAR, container VARCHAR, "
          + "netns BIGINT, tick_in BIGINT, tick_out BIGINT, "
          + "host VARCHAR, session VARCHAR, flow INTEGER, connection BIGINT");
  static final Map<String, String> FLOWS = types(
      "ts TIMESTAMP_NS, flow_ref INTEGER, flow INTEGER, cookie BIGINT, proto VARCHAR, family INTEGER, local_addr VARCHAR, "
          + "local_port INTEGER, remote_addr VARCHAR, remote_port INTEGER, pid INTEGER, comm VARCHAR, cgroup_id BIGINT, "
          + "cgroup VARCHAR, runtime VARCHAR, container VARCHAR, pod VARCHAR, netns BIGINT, host VARCHAR, session VARCHAR");
  static final Map<String, String> SESSIONS = types(
      "session VARCHAR, host VARCHAR, start_ts TIMESTAMP_NS, end_ts TIMESTAMP_NS, last_ts TIMESTAMP_NS, start_ns BIGINT, "
          + "wall_offset_ns BIGINT, tick_interval_ns BIGINT, kernel VARCHAR, tool_version VARCHAR, "
          + "format_version INTEGER, schema_version INTEGER, filters VARCHAR, journal VARCHAR, records BIGINT, traffic_events BIGINT, "
          + "connections BIGINT, lost BIGINT, ended_cleanly BOOLEAN, damaged_batches BIGINT, records_lost_to_damage BIGINT");
  static final Map<String, String> LOSSES = types("ts TIMESTAMP_NS, lost BIGINT, cause VARCHAR, host VARCHAR, session VARCHAR");

  @ParameterizedTest(name = "--partition-by {0}")
  @ValueSource(strings = {"none", "host,date"})
  void viewsHaveTheDocumentedColumnsAndTypes(String partitionBy) {
    Path out = tmp.resolve("export");
    Exporter.export(List.of(TestJournals.generated().get("mixed")), out,
        new Exporter.Options(Partitioning.parse(partitionBy), false), Progress.NONE);
    List<String> keys = partitionBy.equals("none") ? List.of() : List.of("host", "date");
    try (Duck db = new Duck()) {
      db.execute(Views.sql(List.of(new ExportSource(out, keys))));
      assertEquals(EVENTS, describe(db, "events"));
      assertEquals(CONNECTIONS, describe(db, "connections"));
      assertEquals(BANDWIDTH, describe(db, "bandwidth"));
      assertEquals(FLOWS, describe(db, "flows"));
      assertEquals(SESSIONS, describe(db, "sessions"));
      assertEquals(LOSSES, describe(db, "losses"));
    }
  }

  @Test
  void filesStoreNanosecondTimestampsNotAdjustedToUtcUtf8StringsAndZstdPages() {
    Path out = tmp.resolve("export");
    Exporter.export(List.of(TestJournals.generated().get("mixed")), out,
        new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    try (Duck db = new Duck()) {
      for (String dataset : List.of("events", "flows", "connections", "bandwidth", "sessions", "losses")) {
        String files = "'" + out + "/" + dataset + "/*.parquet'";
        for (var col : db.rows("SELECT name, type, converted_type, logical_type::VARCHAR AS logical FROM parquet_schema("
            + files + ") WHERE num_children IS NULL OR num_children = 0")) {
          String name = (String) col.get("name");
          String logical = String.valueOf(col.get("logical"));
          if (name.equals("ts") || name.endsWith("_seen") || name.endsWith("_ts")) {
            assertEquals("INT64", col.get("type"), dataset + "." + name);
            assertTrue(logical.contains("isAdjustedToUTC=0") && logical.contains("NANOS"), dataset + "." + name + ": " + logical);
          }
          if (col.get("type").equals("BYTE_ARRAY")) {
            assertEquals("UTF8", col.get("converted_type"), dataset + "." + name);
          }
        }
        assertEquals(List.of("ZSTD"), db.rows("SELECT DISTINCT compression FROM parquet_metadata(" + files + ")")
            .stream().map(r -> r.get("compression")).toList(), dataset);
        for (var r : db.rows("SELECT path_in_schema, type FROM parquet_metadata(" + files + ")")) {
          String name = (String) r.get("path_in_schema");
          if (List.of("bytes", "lost", "bytes_in", "bytes_out", "tick_in", "tick_out", "records", "damaged_batches",
              "records_lost_to_damage").contains(name)) {
            assertEquals("INT64", r.get("type"), dataset + "." + name + " is a count");
          }
        }
      }
      assertEquals("TIMESTAMP_NS", db.value("SELECT typeof(ts) FROM '" + out + "/events/*.parquet' LIMIT 1"));
    }
  }

  @Test
  void microsecondTimestampsForReadersWithoutNanosecondsReadAsTimestamp() {
    Path out = tmp.resolve("export-us");
    Exporter.export(List.of(TestJournals.generated().get("mixed")), out,
        new Exporter.Options(new Layout(Partitioning.NONE, TimestampUnit.MICROS), false), Progress.NONE);
    try (Duck db = new Duck()) {
      db.execute(Views.sql(List.of(new ExportSource(out, List.of()))));
      for (String view : List.of("events", "connections", "bandwidth")) {
        Map<String, String> expected = new LinkedHashMap<>(switch (view) {
          case "events" -> EVENTS;
          case "connections" -> CONNECTIONS;
          default -> BANDWIDTH;
        });
        expected.replaceAll((k, v) -> v.equals("TIMESTAMP_NS") ? "TIMESTAMP" : v);
        assertEquals(expected, describe(db, view), view);
      }
      String logical = (String) db.value("SELECT logical_type::VARCHAR FROM parquet_schema('" + out
          + "/bandwidth/*.parquet') WHERE name = 'ts'");
      assertTrue(logical.contains("MICROS") && logical.contains("isAdjustedToUTC=0"), logical);
    }
  }

  /** A dataset added later keeps the schema version too: an export written before it has an empty view of it. */
  @Test
  void anExportWrittenBeforeTheLossesDatasetHasAnEmptyLossesView() throws java.io.IOException {
    Path out = tmp.resolve("export");
    Exporter.export(List.of(TestJournals.generated().get("mixed")), out,
        new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    try (Duck db = new Duck()) {
      db.execute(Views.sql(List.of(new ExportSource(out, List.of()))));
      assertTrue(db.count("SELECT count(*) FROM losses") > 0, "the journal has LOSS records");
    }
    try (var files = java.nio.file.Files.walk(out.resolve("losses"))) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
    try (Duck db = new Duck()) {
      db.execute(Views.sql(List.of(ExportSource.of(out))));
      assertEquals(LOSSES, describe(db, "losses"));
      assertEquals(0L, db.count("SELECT count(*) FROM losses"));
      assertTrue(db.count("SELECT count(*) FROM events WHERE kind = 'loss'") > 0);
    }
  }

  /** Columns added later keep the schema version: an export written before them still reads, with NULLs. */
  @Test
  void anExportWrittenBeforeTheDamageColumnsReadsThemAsNull() {
    Path out = tmp.resolve("export");
    Exporter.export(List.of(TestJournals.generated().get("mixed")), out,
        new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    try (Duck db = new Duck()) {
      for (String file : db.rows("SELECT file FROM glob('" + out + "/sessions/*.parquet')").stream()
          .map(r -> (String) r.get("file")).toList()) {
        String old = file.replace(".parquet", ".old");
        db.execute("COPY (SELECT * EXCLUDE (damaged_batches, records_lost_to_damage) FROM '" + file + "') TO '"
            + old + "' (FORMAT PARQUET)");
        db.execute("COPY (SELECT * FROM read_parquet('" + old + "')) TO '" + file + "' (FORMAT PARQUET)");
      }
      db.execute(Views.sql(List.of(new ExportSource(out, List.of()))));
      assertEquals(SESSIONS, describe(db, "sessions"));
      assertEquals(1L, db.count("SELECT count(*) FROM sessions WHERE damaged_batches IS NULL AND records_lost_to_damage IS NULL"));
    }
  }

  private static Map<String, String> describe(Duck db, String view) {
    Map<String, String> m = new LinkedHashMap<>();
    for (var r : db.rows("DESCRIBE " + view)) {
      m.put((String) r.get("column_name"), (String) r.get("column_type"));
    }
    return m;
  }

  private static Map<String, String> types(String spec) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String col : spec.split(",\\s*")) {
      String[] p = col.trim().split(" ");
      m.put(p[0], p[1]);
    }
    return m;
  }
}
