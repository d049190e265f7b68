package io.tcptop.analyze.export;

import static io.tcptop.analyze.parquet.Column.Type.BOOLEAN;
import static io.tcptop.analyze.parquet.Column.Type.DOUBLE;
import static io.tcptop.analyze.parquet.Column.Type.INT32;
import static io.tcptop.analyze.parquet.Column.Type.INT64;
import static io.tcptop.analyze.parquet.Column.Type.STRING;
import static io.tcptop.analyze.parquet.Column.Type.TIMESTAMP;

import io.tcptop.analyze.parquet.Column;
import io.tcptop.analyze.parquet.Table;
import io.tcptop.view.LineColumns;
import java.util.List;

/**
 * The datasets of an export, column by column (analyze/README.md explains each). Timestamps ({@code ts},
 * {@code first_seen}, {@code last_seen}, {@code start_ts}, {@code end_ts}, {@code last_ts}) are UTC wall-clock
 * time with nanoseconds: the event's monotonic time plus the session's clock offset, stored as
 * TIMESTAMP(NANOS, isAdjustedToUTC=false), which DuckDB reads as TIMESTAMP_NS.
 *
 * <p>{@code events} stores per row only what changes per record; the flow columns users see in
 * the {@code events} view (proto, addresses, ports, pid, comm) come from {@code flows}, one row
 * per FLOW record, joined on {@code (session, flow_ref)}, and the host from {@code sessions}. A
 * traffic row then costs a few bytes.
 */
public final class Tables {
  private Tables() {}

  public static final Table EVENTS = Table.named("events")
      .required("ts", TIMESTAMP)
      .requiredDictionary("kind", STRING)
      .nullable("flow_ref", INT32)
      .nullable("bytes", INT64)
      .nullableDictionary("old_state", STRING)
      .nullableDictionary("new_state", STRING)
      .nullable("rtt_us", INT32)
      .nullable("lost", INT64)
      .nullableDictionary("cause", STRING)
      .requiredDictionary("session", STRING)
      .withoutStatistics("kind", "session")
      .build();

  public static final Table FLOWS = Table.named("flows")
      .required("ts", TIMESTAMP)
      .required("flow_ref", INT32)
      .required("flow", INT32)
      .required("cookie", INT64)
      .requiredDictionary("proto", STRING)
      .required("family", INT32)
      .required("local_addr", STRING)
      .required("local_port", INT32)
      .required("remote_addr", STRING)
      .required("remote_port", INT32)
      .required("pid", INT32)
      .required("comm", STRING)
      .nullable("cgroup_id", INT64)
      .nullableDictionary("cgroup", STRING)
      .nullableDictionary("runtime", STRING)
      .nullableDictionary("container", STRING)
      .nullableDictionary("pod", STRING)
      .nullable("netns", INT64)
      .requiredDictionary("host", STRING)
      .requiredDictionary("session", STRING)
      .build();

  public static final Table CONNECTIONS = Table.named("connections")
      .requiredDictionary("proto", STRING)
      .required("local_addr", STRING)
      .required("local_port", INT32)
      .required("remote_addr", STRING)
      .required("remote_port", INT32)
      .required("pid", INT32)
      .required("comm", STRING)
      .nullable("cgroup_id", INT64)
      .nullableDictionary("cgroup", STRING)
      .nullableDictionary("runtime", STRING)
      .nullableDictionary("container", STRING)
      .nullableDictionary("pod", STRING)
      .nullable("netns", INT64)
      .required("first_seen", TIMESTAMP)
      .required("last_seen", TIMESTAMP)
      .required("bytes_in", INT64)
      .required("bytes_out", INT64)
      .required("closed", BOOLEAN)
      .required("partial", BOOLEAN)
      .nullable("rtt_min_us", INT32)
      .nullable("rtt_avg_us", DOUBLE)
      .nullable("rtt_max_us", INT32)
      .nullableDictionary("state", STRING)
      .required("flow", INT32)
      .required("connection", INT64)
      .requiredDictionary("host", STRING)
      .requiredDictionary("session", STRING)
      .build();

  /**
   * One row per replay line: the {@link LineColumns} (so {@code bytes_in}/{@code bytes_out} are
   * cumulative, as replay prints them), then the bytes of the tick and the row's identity.
   */
  public static final Table BANDWIDTH = lineColumns(Table.named("bandwidth"))
      .required("tick_in", INT64)
      .required("tick_out", INT64)
      .required("flow", INT32)
      .required("connection", INT64)
      .requiredDictionary("host", STRING)
      .requiredDictionary("session", STRING)
      .build();

  public static final Table SESSIONS = Table.named("sessions")
      .required("session", STRING)
      .required("host", STRING)
      .required("start_ts", TIMESTAMP)
      .nullable("end_ts", TIMESTAMP)
      .required("last_ts", TIMESTAMP)
      .required("start_ns", INT64)
      .required("wall_offset_ns", INT64)
      .required("tick_interval_ns", INT64)
      .required("kernel", STRING)
      .required("tool_version", STRING)
      .required("format_version", INT32)
      .required("schema_version", INT32)
      .required("filters", STRING)
      .required("journal", STRING)
      .required("records", INT64)
      .required("traffic_events", INT64)
      .required("connections", INT64)
      .required("lost", INT64)
      .required("ended_cleanly", BOOLEAN)
      .required("damaged_batches", INT64)
      .required("records_lost_to_damage", INT64)
      .build();

  /**
   * One row per LOSS record: the {@code events} rows of kind {@code loss} once more, in a dataset of
   * their own, so that finding them (the report shades them on every chart) reads no other record.
   * Added after schema version 2, as added columns are, without changing it: exports of an earlier
   * tcptop have no such files, and a reader finds their LOSS records in {@code events} only.
   */
  public static final Table LOSSES = Table.named("losses")
      .required("ts", TIMESTAMP)
      .required("lost", INT64)
      .requiredDictionary("cause", STRING)
      .requiredDictionary("host", STRING)
      .requiredDictionary("session", STRING)
      .build();

  /**
   * The version of these datasets' columns. It goes up whenever a column is renamed, removed or
   * changes meaning, so that exports of different schemas are never read as one. Columns only
   * added keep it: readers match columns by name and read those a file lacks as NULL, so exports
   * with and without them share a tree (and {@code export --append} goes on across an upgrade).
   * The owner columns ({@code cgroup_id}, {@code cgroup}, {@code runtime}, {@code container},
   * {@code pod}, {@code netns} in flows and connections; {@code cgroup}, {@code container},
   * {@code netns} in bandwidth) were added so, as the sessions' damage columns were before them.
   */
  public static final int SCHEMA_VERSION = 2;

  /** Every dataset of an export, in the order they are written. */
  public static final List<Table> ALL = List.of(EVENTS, FLOWS, CONNECTIONS, BANDWIDTH, SESSIONS, LOSSES);

  /** The line's columns, typed for Parquet: strings dictionary-encoded, rates as doubles. */
  private static Table.Builder lineColumns(Table.Builder b) {
    for (LineColumns.Column c : LineColumns.ALL) {
      Column.Type type = switch (c.type()) {
        case TIMESTAMP -> TIMESTAMP;
        case STRING -> STRING;
        case INT -> INT32;
        case LONG -> INT64;
        case RATE -> DOUBLE;
        case BOOLEAN -> BOOLEAN;
      };
      if (type == STRING) {
        b = c.nullable() ? b.nullableDictionary(c.name(), type) : b.requiredDictionary(c.name(), type);
      } else {
        b = c.nullable() ? b.nullable(c.name(), type) : b.required(c.name(), type);
      }
    }
    return b;
  }
}
