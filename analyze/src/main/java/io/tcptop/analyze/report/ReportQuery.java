package io.tcptop.analyze.report;

import io.tcptop.analyze.sql.Report;
import io.tcptop.analyze.sql.Resources;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The SQL files behind the report, each one part of the page. Every one reads the views
 * {@code report-scope.sql} creates, so a part's numbers come back by running the scope and
 * then its file ({@link #script}).
 */
public enum ReportQuery {
  HEADER("header"),
  LOSSES("losses"),
  LOSS_INTERVALS("loss-intervals"),
  BANDWIDTH_PROCESS("bandwidth-process"),
  BANDWIDTH_PEER("bandwidth-peer"),
  BANDWIDTH_CONTAINER("bandwidth-container"),
  RTT("rtt"),
  CONNECTIONS("connections"),
  TOP_CONNECTIONS("top-connections");

  /** The file that every other one reads: window, filters, bucket, and the report_* views. */
  public static final String SCOPE = "report-scope";

  private final String shortName;

  ReportQuery(String shortName) {
    this.shortName = shortName;
  }

  /** The name --print-sql takes: "rtt", "top-connections". */
  public String shortName() {
    return shortName;
  }

  /** The resource's name without ".sql": "report-rtt". */
  public String file() {
    return "report-" + shortName;
  }

  public String sql() {
    return Resources.sql(file());
  }

  /** "rtt", "report-rtt" or "report-rtt.sql". */
  public static Optional<ReportQuery> named(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    n = n.endsWith(".sql") ? n.substring(0, n.length() - 4) : n;
    n = n.startsWith("report-") ? n.substring("report-".length()) : n;
    String wanted = n;
    return Arrays.stream(values()).filter(q -> q.shortName.equals(wanted)).findFirst();
  }

  /** The scope with the request's variables set: what runs before any report file. */
  public static String scope(ReportRequest request) {
    return new Report(SCOPE, request.variables()).sql();
  }

  /** The scope, then this file: runs as is in 'tcptop analyze sql' and prints this part's rows. */
  public String script(ReportRequest request) {
    return scope(request) + "\n" + sql();
  }
}
