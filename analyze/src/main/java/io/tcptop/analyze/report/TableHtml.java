package io.tcptop.analyze.report;

import io.tcptop.view.Units;
import java.time.Instant;

/**
 * The top connections table (report-top-connections.sql): one row per connection, one cell
 * per column, each cell holding its value for sorting and checking. The page's script sorts
 * it on a header click.
 */
final class TableHtml {
  private TableHtml() {}

  static String render(ReportData data) {
    Rows rows = data.get(ReportQuery.TOP_CONNECTIONS);
    if (rows.isEmpty()) {
      return "<p id=\"top-connections-empty\">No connection moved bytes in this span.</p>";
    }
    boolean hosts = data.header().text(0, "hosts").contains(",");
    boolean oneDay = sameDay(data.header().instant(0, "span_start"), data.header().instant(0, "span_end"));
    StringBuilder sb = new StringBuilder("<table class=\"sortable\" id=\"top-connections\">\n<thead><tr>");
    if (hosts) {
      head(sb, "host", false);
    }
    for (String h : new String[] {"proto", "local", "remote"}) {
      head(sb, h, false);
    }
    head(sb, "pid", true);
    head(sb, "process", false);
    for (String h : new String[] {"in", "out", "total"}) {
      head(sb, h, true);
    }
    head(sb, "first seen (UTC)", false);
    head(sb, "duration", true);
    head(sb, "peak rate", true);
    head(sb, "RTT min", true);
    head(sb, "RTT avg", true);
    head(sb, "RTT max", true);
    head(sb, "state", false);
    sb.append("</tr></thead>\n<tbody>\n");
    for (int r = 0; r < rows.size(); r++) {
      sb.append("<tr>");
      if (hosts) {
        text(sb, rows, r, "host");
      }
      text(sb, rows, r, "proto");
      text(sb, rows, r, "local");
      text(sb, rows, r, "remote");
      num(sb, rows, r, "pid", rows.text(r, "pid"));
      text(sb, rows, r, "comm");
      num(sb, rows, r, "bytes_in", Units.size(rows.longValue(r, "bytes_in")));
      num(sb, rows, r, "bytes_out", Units.size(rows.longValue(r, "bytes_out")));
      num(sb, rows, r, "bytes", Units.size(rows.longValue(r, "bytes")));
      Instant first = rows.instant(r, "first_seen");
      sb.append(Display.cell("td", "first_seen", first, oneDay ? Display.clock(first) : Display.time(first), null));
      num(sb, rows, r, "duration_s", Display.duration(Math.round(rows.number(r, "duration_s") * 1e9)));
      num(sb, rows, r, "peak_rate", Units.rate(rows.number(r, "peak_rate")));
      rtt(sb, rows, r, "rtt_min_us");
      rtt(sb, rows, r, "rtt_avg_us");
      rtt(sb, rows, r, "rtt_max_us");
      boolean closed = rows.flag(r, "closed");
      boolean partial = rows.flag(r, "partial");
      String state = ((closed ? "[CLOSED] " : "") + (partial ? "[PARTIAL]" : "")).strip();
      sb.append("<td class=\"flag\" data-value=\"").append(state).append("\">")
          .append(Display.span("closed", closed, closed ? "[CLOSED]" : ""))
          .append(closed && partial ? " " : "")
          .append(Display.span("partial", partial, partial ? "[PARTIAL]" : ""))
          .append("</td>");
      sb.append("</tr>\n");
    }
    return sb.append("</tbody>\n</table>").toString();
  }

  private static void head(StringBuilder sb, String label, boolean numeric) {
    sb.append("<th scope=\"col\"").append(numeric ? " class=\"num\"" : "").append(">").append(Html.text(label)).append("</th>");
  }

  private static void text(StringBuilder sb, Rows rows, int r, String column) {
    String v = rows.text(r, column);
    sb.append(Display.cell("td", column, v, v == null || v.isEmpty() ? "-" : v, "wrap"));
  }

  private static void num(StringBuilder sb, Rows rows, int r, String column, String shown) {
    sb.append(Display.cell("td", column, rows.get(r, column), shown, "num"));
  }

  private static void rtt(StringBuilder sb, Rows rows, int r, String column) {
    Double us = rows.number(r, column);
    num(sb, rows, r, column, us == null ? "-" : Units.rtt((int) Math.round(us)));
  }

  private static boolean sameDay(Instant a, Instant b) {
    return a.getEpochSecond() / 86_400 == b.getEpochSecond() / 86_400;
  }
}
