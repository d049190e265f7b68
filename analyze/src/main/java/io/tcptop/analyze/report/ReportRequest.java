package io.tcptop.analyze.report;

import io.tcptop.stream.FlowFilter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one report covers and how it groups: the window (epoch nanoseconds, null for the whole
 * recording), the connection filters, the bucket length (null: chosen from the span by
 * report-scope.sql) and the number of named series per chart.
 *
 * @param title the report's title; null for one naming the hosts and the span
 */
public record ReportRequest(String title, Long fromNs, Long toNs, FlowFilter.Spec filter, Long bucketNs, int top) {

  public static final int DEFAULT_TOP = 8;
  /** More named series than this make charts no one can read, and files too large. */
  public static final int MAX_TOP = 20;

  public ReportRequest {
    filter = filter == null ? FlowFilter.Spec.ALL : filter;
  }

  public static ReportRequest everything() {
    return new ReportRequest(null, null, null, FlowFilter.Spec.ALL, null, DEFAULT_TOP);
  }

  /**
   * The SQL variables report-scope.sql reads, as DuckDB expressions. Those not asked for are set
   * to a NULL of their type rather than left out, so that the scope means the same when run again in a session
   * where an earlier report (or the scope itself: it sets bucket) left values behind.
   */
  public Map<String, String> variables() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("top", Integer.toString(top));
    v.put("from_ts", fromNs == null ? "NULL::TIMESTAMP_NS" : "make_timestamp_ns(" + fromNs + ")");
    v.put("to_ts", toNs == null ? "NULL::TIMESTAMP_NS" : "make_timestamp_ns(" + toNs + ")");
    v.put("bucket", bucketNs == null ? "NULL::INTERVAL" : "to_microseconds(" + bucketNs / 1_000 + ")");
    v.put("pid", filter.pid() == null ? "NULL::INTEGER" : Integer.toString(filter.pid()));
    v.put("process", filter.process() == null ? "NULL::VARCHAR" : literal(filter.process()));
    v.put("port", filter.port() == null ? "NULL::INTEGER" : Integer.toString(filter.port()));
    v.put("proto", filter.proto() == null ? "NULL::VARCHAR" : literal(filter.proto().label()));
    v.put("address", filter.address() == null ? "NULL::VARCHAR" : literal(filter.address().text()));
    v.put("cgroup", filter.cgroup() == null ? "NULL::VARCHAR" : literal(filter.cgroup()));
    v.put("container", filter.container() == null ? "NULL::VARCHAR" : literal(filter.container()));
    v.put("netns", filter.netns() == null ? "NULL::BIGINT" : Long.toString(filter.netns()));
    return v;
  }

  /** The window and filters as the user typed them, for the header; "" when there are none. */
  public String describeFilters() {
    return filter.describe();
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
