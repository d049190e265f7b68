package io.tcptop.analyze.report;

import io.tcptop.analyze.sql.Database;

/**
 * {@code tcptop analyze report}: an incident report as one self-contained HTML file, every
 * number of it from the report's SQL files (report-*.sql) over a database with the views.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** What was written, for the command's one-line summary. */
  public record Written(long bytes, long buckets, String bucket, long connections, long lost, long damagedParts, boolean empty) {}

  public static Written write(Database db, ReportRequest request, ReportFile file) {
    file.check();
    ReportData data = ReportData.query(db, request);
    long bytes = file.write(HtmlPage.render(data));
    Rows h = data.header();
    return new Written(bytes, h.longValue(0, "buckets"), new HeaderHtml(data).bucketText(),
        h.longValue(0, "connections"), h.longValue(0, "lost"), h.longValue(0, "damaged_batches"),
        h.longValue(0, "traffic_events") == 0);
  }

  /** The page for a request, without writing it (tests and the benchmark). */
  public static String render(Database db, ReportRequest request) {
    return HtmlPage.render(ReportData.query(db, request));
  }
}
