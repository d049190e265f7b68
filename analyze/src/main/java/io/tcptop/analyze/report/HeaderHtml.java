package io.tcptop.analyze.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's header: what was recorded where, the span, the totals, the filters and, when
 * the recorder lost events, a banner that says how many and why. Every number is a column of
 * report-header.sql or report-losses.sql.
 */
final class HeaderHtml {
  private final ReportData data;
  private final Rows h;

  HeaderHtml(ReportData data) {
    this.data = data;
    this.h = data.header();
  }

  /** The title the user gave, or one naming the hosts and the span. */
  String title() {
    String t = data.request().title();
    if (t != null && !t.isBlank()) {
      return t;
    }
    return "tcptop report: " + h.text(0, "hosts") + ", " + Display.time(h.instant(0, "span_start")) + " UTC";
  }

  String lossBanner() {
    long lost = h.longValue(0, "lost");
    if (lost == 0) {
      return "";
    }
    Rows causes = data.get(ReportQuery.LOSSES);
    List<String> parts = new ArrayList<>();
    for (int r = 0; r < causes.size(); r++) {
      parts.add("<span class=\"cause\">" + Display.span("cause", causes.get(r, "cause"), causes.text(r, "cause")) + " "
          + Display.span("lost", causes.get(r, "lost"), Display.count(causes.longValue(r, "lost")))
          + " (" + Display.span("loss_records", causes.get(r, "loss_records"),
              Display.count(causes.longValue(r, "loss_records"))) + " LOSS records"
          + (h.text(0, "hosts").contains(",") ? " on " + Display.span("host", causes.get(r, "host"), causes.text(r, "host")) : "")
          + ")</span>");
    }
    return "<p class=\"loss\" id=\"loss\" role=\"alert\">&#9888; " + Html.text(Display.count(lost))
        + " events lost in this span: " + String.join("; ", parts)
        + ": the numbers below miss what was lost, and the charts shade the buckets it was lost in.</p>";
  }

  /**
   * A banner when the journal was read past damaged parts: what the checksums caught is not
   * a LOSS the recorder counted, and the numbers below miss it too.
   */
  String damageBanner() {
    long parts = h.longValue(0, "damaged_batches");
    if (parts == 0) {
      return "";
    }
    return "<p class=\"loss\" id=\"damage\" role=\"alert\">&#9888; The journal is damaged: "
        + Display.span("damaged_batches", h.get(0, "damaged_batches"), Display.count(parts))
        + (parts == 1 ? " damaged part was" : " damaged parts were") + " skipped, with "
        + Display.span("records_lost_to_damage", h.get(0, "records_lost_to_damage"),
            Display.count(h.longValue(0, "records_lost_to_damage")))
        + " records in them or belonging to connections described only in them: the numbers below miss those records. "
        + "'tcptop replay' of the journal names each damaged part (file and byte offset).</p>";
  }

  private String damageFact() {
    if (h.get(0, "damaged_batches") == null) {
      return "not counted (an export made before tcptop counted damage)";
    }
    long parts = h.longValue(0, "damaged_batches");
    return parts == 0 ? Display.span("damaged_batches", 0L, "none")
        : Display.span("damaged_batches", h.get(0, "damaged_batches"), Display.count(parts)) + " damaged parts skipped, "
            + Display.span("records_lost_to_damage", h.get(0, "records_lost_to_damage"),
                Display.count(h.longValue(0, "records_lost_to_damage"))) + " records lost with them (in the whole recording)";
  }

  String facts() {
    StringBuilder sb = new StringBuilder("<dl class=\"facts\" id=\"facts\">\n");
    boolean hosts = h.text(0, "hosts").contains(",");
    fact(sb, hosts ? "Hosts" : "Host", Display.span("hosts", h.get(0, "hosts"), h.text(0, "hosts")));
    fact(sb, "Kernel", Display.span("kernels", h.get(0, "kernels"), h.text(0, "kernels")));
    fact(sb, "Recording", range("recording_start", "recording_end", "recording_s"));
    fact(sb, "This report", range("span_start", "span_end", "span_s") + windowNote());
    fact(sb, "Events", Display.span("events", h.get(0, "events"), Display.count(h.longValue(0, "events")))
        + " records, of which " + Display.span("traffic_events", h.get(0, "traffic_events"),
            Display.count(h.longValue(0, "traffic_events"))) + " sends and receives");
    fact(sb, "Connections", Display.span("connections", h.get(0, "connections"), Display.count(h.longValue(0, "connections"))));
    fact(sb, "Bytes", "in " + Display.span("bytes_in", h.get(0, "bytes_in"), Display.bytes(h.longValue(0, "bytes_in")))
        + ", out " + Display.span("bytes_out", h.get(0, "bytes_out"), Display.bytes(h.longValue(0, "bytes_out"))));
    fact(sb, "Events lost", Display.span("lost", h.get(0, "lost"), Display.count(h.longValue(0, "lost"))));
    fact(sb, "Damage", damageFact());
    String filters = data.request().describeFilters();
    fact(sb, "Filters", (filters.isEmpty() ? "none" : "<code>" + Html.text(filters) + "</code>")
        + recordingFilters());
    fact(sb, "Journal format", "version " + Display.span("format_versions", h.get(0, "format_versions"), h.text(0, "format_versions")));
    fact(sb, "Sessions", Display.span("sessions", h.get(0, "sessions"), Display.count(h.longValue(0, "sessions")))
        + (h.longValue(0, "sessions_without_end") > 0
            ? ", " + Display.span("sessions_without_end", h.get(0, "sessions_without_end"),
                Display.count(h.longValue(0, "sessions_without_end"))) + " without an END record"
            : ""));
    fact(sb, "Buckets", Display.span("buckets", h.get(0, "buckets"), Display.count(h.longValue(0, "buckets")))
        + " of " + Display.span("bucket", h.get(0, "bucket"), bucketText()));
    return sb.append("</dl>").toString();
  }

  /** What the reader should know before reading the charts; empty when nothing. */
  String notices() {
    List<String> n = new ArrayList<>();
    Instant recStart = h.instant(0, "recording_start");
    Instant recEnd = h.instant(0, "recording_end");
    Instant spanStart = h.instant(0, "span_start");
    Instant spanEnd = h.instant(0, "span_end");
    if (spanEnd.isBefore(recStart) || spanStart.isAfter(recEnd)) {
      n.add("The window lies outside the recording, which runs from " + Html.text(Display.time(recStart)) + " to "
          + Html.text(Display.time(recEnd)) + " UTC: there is nothing to show.");
    } else if (h.longValue(0, "traffic_events") == 0) {
      n.add("No traffic in this span: no connection sent or received anything"
          + (data.request().describeFilters().isEmpty() ? "" : " that matches the filters") + ".");
    }
    long noEnd = h.longValue(0, "sessions_without_end");
    if (noEnd > 0) {
      n.add(noEnd + (noEnd == 1 ? " journal has" : " journals have") + " no END record: the recorder was stopped "
          + "abruptly, and the report shows what it wrote before.");
    }
    if (n.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("<ul class=\"notices\" id=\"notices\">");
    for (String s : n) {
      sb.append("<li>").append(s).append("</li>");
    }
    return sb.append("</ul>").toString();
  }

  String bucketText() {
    return Display.bucket(h.longValue(0, "bucket_us"));
  }

  private String windowNote() {
    return data.request().fromNs() != null || data.request().toNs() != null ? " (the window of --from/--to)" : "";
  }

  private String recordingFilters() {
    String f = h.text(0, "recording_filters");
    return f == null || f.isEmpty() ? ""
        : "; recorded with " + Display.span("recording_filters", f, f);
  }

  private String range(String from, String to, String seconds) {
    Instant a = h.instant(0, from);
    Instant b = h.instant(0, to);
    Double s = h.number(0, seconds);
    return Display.span(from, a, Display.time(a)) + " to " + Display.span(to, b, Display.time(b)) + " UTC ("
        + Display.span(seconds, h.get(0, seconds), Display.duration(Math.max(0, Math.round(s * 1e9)))) + ")";
  }

  private static void fact(StringBuilder sb, String label, String html) {
    sb.append("<dt>").append(Html.text(label)).append("</dt><dd>").append(html).append("</dd>\n");
  }
}
