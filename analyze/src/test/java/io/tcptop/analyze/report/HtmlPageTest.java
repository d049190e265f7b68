package io.tcptop.analyze.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.sql.Database;
import io.tcptop.analyze.sql.ExportSource;
import io.tcptop.analyze.testing.TestJournals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page as a file: self-contained, small, and safe with any text a recording holds. */
class HtmlPageTest {

  @TempDir static Path tmp;
  static Path export;
  static String page;

  @BeforeAll
  static void render() {
    export = tmp.resolve("busy-export");
    Exporter.export(List.of(TestJournals.generated().get("busy")), export,
        new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    try (Database db = Database.open(List.of(ExportSource.of(export)))) {
      page = HtmlReport.render(db, ReportRequest.everything());
    }
  }

  @Test
  void theLargestReportAllowedStaysUnderTwoMegabytes() {
    try (Database db = Database.open(List.of(ExportSource.of(export)))) {
      // The shortest bucket that keeps this recording within the limit, and the most series.
      long spanNs = ReportData.query(db, ReportRequest.everything()).header().longValue(0, "buckets")
          * ReportData.query(db, ReportRequest.everything()).header().longValue(0, "bucket_us") * 1_000;
      long bucketNs = Math.max(1_000_000L, (spanNs / (ReportData.MAX_BUCKETS - 1) / 1_000_000L + 1) * 1_000_000L);
      ReportData data = ReportData.query(db, new ReportRequest(null, null, null, null, bucketNs, ReportRequest.MAX_TOP));
      long buckets = data.header().longValue(0, "buckets");
      assertTrue(buckets > ReportData.MAX_BUCKETS * 0.8 && buckets <= ReportData.MAX_BUCKETS, buckets + " buckets");
      String largest = HtmlPage.render(data);
      assertTrue(largest.contains("\"names\":["), "charts present");
      int bytes = largest.getBytes(StandardCharsets.UTF_8).length;
      assertTrue(bytes < 2_000_000, bytes + " bytes");
    }
  }

  @Test
  void thePageNeedsNothingButItself() {
    assertTrue(page.startsWith(ReportFile.SIGNATURE), "begins as --force expects of a report");
    assertEquals(3, count(page, "<script"), "the data, the chart library and the page's script, all inline");
    String library = HtmlPage.asset(HtmlPage.CHART_LIBRARY);
    assertTrue(page.contains(library), "the chart library is inlined whole");
    // The library can load images and refer to SVG fragments when asked to; nothing else can.
    String ours = page.replace(library, "");
    for (String fetch : List.of("src=", "href=", "@import", "url(", "<link", "<iframe", "<object", "<embed")) {
      assertEquals(0, count(ours, fetch), fetch);
    }
    Matcher url = Pattern.compile("https?://|//[a-z0-9.-]+\\.[a-z]{2,}/").matcher(ours);
    assertFalse(url.find(), () -> "a URL outside the chart library: " + ours.substring(Math.max(0, url.start() - 80), url.end() + 80));
    // The library's own URLs are XML namespace names and its licence's address, never fetched.
    Matcher libraryUrls = Pattern.compile("https?://[^\"' )]+").matcher(library);
    while (libraryUrls.find()) {
      String u = libraryUrls.group();
      assertTrue(u.startsWith("http://www.w3.org/") || u.startsWith("http://www.apache.org/licenses/")
          || u.startsWith("https://github.com/ecomfe/zrender/blob/master/LICENSE"), u);
    }
    assertTrue(page.contains("Apache ECharts " + HtmlPage.chartLibraryVersion()));
    assertTrue(page.getBytes(StandardCharsets.UTF_8).length < 2_000_000, "size");
  }

  @Test
  void textFromARecordingStaysText() {
    assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;", Html.text("<script>alert('x')</script> & \"q\""));
    String json = Html.scriptJson("{\"comm\":\"</script><script>alert(1)</script><!--\"}");
    assertFalse(json.contains("<"), json);
    assertTrue(json.contains("\\u003c/script>"), json);
    assertEquals("\"\\u2028\"", Html.scriptJson("\"\u2028\""));
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
