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

  /** The SQL variables report-scope.sql reads, as DuckDB expressions. */
  public Map<String, String> variables() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("top", Integer.toString(top));
    if (fromNs != null) {
      v.put("from_ts", "make_timestamp_ns(" + fromNs + ")");
    }
    if (toNs != null) {
      v.put("to_ts", "make_timestamp_ns(" + toNs + ")");
    }
    if (bucketNs != null) {
      v.put("bucket", "to_microseconds(" + bucketNs / 1_000 + ")");
    }
    if (filter.pid() != null) {
      v.put("pid", Integer.toString(filter.pid()));
    }
    if (filter.process() != null) {
      v.put("process", literal(filter.process()));
    }
    if (filter.port() != null) {
      v.put("port", Integer.toString(filter.port()));
    }
    if (filter.proto() != null) {
      v.put("proto", literal(filter.proto().label()));
    }
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
