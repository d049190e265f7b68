package io.tcptop.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.view.Units;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks every report must pass in the browser: no console error, no request leaving the
 * file, each chart drawn with the series of its SQL file on the SQL's axis, and the header,
 * the loss banner and the table showing exactly what 'tcptop analyze sql' returns for the
 * report's printed SQL (run with the same options).
 */
final class ReportChecks {
  private ReportChecks() {}

  /** Opens {@code html}, written by 'tcptop analyze report SOURCE OPTIONS', and checks it against SOURCE. */
  static ReportPage pageMatchesSql(Browser browser, Path html, String source, String... options) {
    browser.open(html);
    assertEquals(List.of(), browser.errors(), "console errors");
    for (String url : browser.requests()) {
      assertTrue(url.startsWith("file:") || url.startsWith("data:") || url.startsWith("blob:"), "the page asked for " + url);
    }
    ReportPage page = new ReportPage(browser);

    Map<String, String> header = ReportSql.rows(source, options, "header").get(0);
    Map<String, ReportPage.Shown> facts = page.facts();
    for (String column : List.of("hosts", "kernels", "format_versions", "recording_start", "recording_end", "recording_s",
        "span_start", "span_end", "span_s", "events", "traffic_events", "connections", "bytes_in", "bytes_out", "lost", "sessions", "buckets",
        "damaged_batches")) {
      assertTrue(facts.containsKey(column), "the header shows " + column + ": " + facts.keySet());
      assertTrue(ReportSql.same(header.get(column), facts.get(column).value()),
          column + ": sql " + header.get(column) + ", page " + facts.get(column));
    }
    for (String count : List.of("events", "connections", "lost")) {
      assertEquals(String.format(Locale.ROOT, "%,d", Long.parseLong(header.get(count))), facts.get(count).text(), count);
    }
    assertEquals(Units.size(Long.parseLong(header.get("bytes_in"))), facts.get("bytes_in").text());

    long lost = Long.parseLong(header.get("lost"));
    List<Map<String, String>> losses = ReportSql.rows(source, options, "losses");
    List<Map<String, ReportPage.Shown>> causes = page.lossCauses();
    assertEquals(losses.size(), causes.size(), "loss causes in the banner");
    assertEquals(lost > 0, page.text("#loss") != null, "a loss banner exactly when events were lost");
    long damaged = Long.parseLong(header.get("damaged_batches"));
    assertEquals(damaged > 0, page.text("#damage") != null, "a damage banner exactly when the journal was damaged");
    for (int i = 0; i < losses.size(); i++) {
      for (String column : List.of("cause", "lost", "loss_records")) {
        assertTrue(ReportSql.same(losses.get(i).get(column), causes.get(i).get(column).value()), column + " of cause " + i);
      }
    }

    List<Map<String, String>> top = ReportSql.rows(source, options, "top-connections");
    List<Map<String, ReportPage.Shown>> table = page.table();
    assertEquals(top.size(), table.size(), "table rows");
    for (int i = 0; i < top.size(); i++) {
      Map<String, ReportPage.Shown> shown = table.get(i);
      for (var cell : top.get(i).entrySet()) {
        if (cell.getKey().equals("host") || cell.getKey().equals("last_seen")) {
          continue; // one host: the header names it; last_seen is in the duration
        }
        assertTrue(shown.containsKey(cell.getKey()), "row " + i + " shows " + cell.getKey());
        assertTrue(ReportSql.same(cell.getValue(), shown.get(cell.getKey()).value()),
            "row " + i + " " + cell.getKey() + ": sql " + cell.getValue() + ", page " + shown.get(cell.getKey()));
      }
      assertEquals(Units.size(Long.parseLong(top.get(i).get("bytes"))), shown.get("bytes").text());
      assertEquals(Units.rate(Double.parseDouble(top.get(i).get("peak_rate"))), shown.get("peak_rate").text());
      assertEquals(Boolean.parseBoolean(top.get(i).get("closed")), shown.get("closed").text().equals("[CLOSED]"));
      assertEquals(Boolean.parseBoolean(top.get(i).get("partial")), shown.get("partial").text().equals("[PARTIAL]"));
    }

    Map<String, ReportPage.Chart> charts = page.charts();
    // The container chart is drawn when some connection in the report has a cgroup (its SQL names
    // an owner other than "(none)"), and is checked as the other bandwidth charts are; else it says why not.
    List<Map<String, String>> owners = ReportSql.rows(source, options, "bandwidth-container");
    boolean containers = owners.stream().anyMatch(r -> !r.get("series").equals("(none)"));
    List<String> bandwidthCharts = containers ? List.of("process", "peer", "container") : List.of("process", "peer");
    assertEquals(containers ? java.util.Set.of("process", "peer", "container", "rtt", "connections")
        : java.util.Set.of("process", "peer", "rtt", "connections"), charts.keySet());
    if (!containers) {
      assertTrue(page.text("#section-container").contains("Left out: "), page.text("#section-container"));
    }
    double first = Instant.parse(header.get("first_bucket")).toEpochMilli();
    // The time axis runs from the first bucket's start to the last one's end.
    double end = first + Long.parseLong(header.get("buckets")) * Long.parseLong(header.get("bucket_us")) / 1000.0;
    int lossIntervals = ReportSql.rows(source, options, "loss-intervals").size();
    boolean traffic = Long.parseLong(header.get("traffic_events")) > 0;
    for (String chart : bandwidthCharts) {
      List<String> names = seriesByRank(ReportSql.rows(source, options, "bandwidth-" + chart));
      ReportPage.Chart c = charts.get(chart);
      assertEquals(expectedIds(names, "in", "out"), c.ids(), chart);
      assertTrue(names.size() <= top(options) + 1, chart + ": at most --top series and other");
      assertEquals(first, c.xMin(), chart);
      assertEquals(end, c.xMax(), chart);
      assertEquals(lossIntervals, c.lossAreas(), chart);
      double peakIn = peakStacked(ReportSql.rows(source, options, "bandwidth-" + chart), "rate_in");
      assertTrue(c.yMax() >= peakIn && c.yMax() <= Math.max(2.5 * peakIn, 10), chart + " y axis " + c.yMax() + " for " + peakIn);
      if (traffic) {
        assertTrue(page.seriesInk(chart) > 500, chart + " drew its series");
      }
    }
    ReportPage.Chart rtt = charts.get("rtt");
    List<String> connections = seriesByRank(ReportSql.rows(source, options, "rtt"));
    assertEquals(expectedIds(connections, "p50", "p99"), rtt.ids());
    assertEquals(first, rtt.xMin());
    assertEquals(end, rtt.xMax());
    if (!connections.isEmpty()) {
      assertTrue(page.seriesInk("rtt") > 20, "the RTT chart drew its samples");
    }
    ReportPage.Chart opened = charts.get("connections");
    assertEquals(List.of("opened", "closed", "loss"), opened.ids());
    List<Map<String, String>> changes = ReportSql.rows(source, options, "connections");
    if (!changes.isEmpty()) {
      assertTrue(page.seriesInk("connections") > 20, "the connections chart drew its bars");
      double peak = changes.stream().mapToDouble(m -> Math.max(Double.parseDouble(m.get("opened")), Double.parseDouble(m.get("closed"))))
          .max().orElseThrow();
      assertTrue(opened.yMax() >= peak, "connections y axis");
    }
    assertFalse(page.renderMs() <= 0, "render time recorded");
    return page;
  }

  static int top(String[] options) {
    for (int i = 0; i < options.length - 1; i++) {
      if (options[i].equals("--top")) {
        return Integer.parseInt(options[i + 1]);
      }
    }
    return 8;
  }

  /** The series names of a part's rows in the order of their rank. */
  static List<String> seriesByRank(List<Map<String, String>> rows) {
    Map<Long, String> byRank = new java.util.TreeMap<>();
    for (Map<String, String> r : rows) {
      byRank.put(Long.parseLong(r.get("series_rank")), r.get("series"));
    }
    return List.copyOf(byRank.values());
  }

  static List<String> expectedIds(List<String> names, String a, String b) {
    List<String> ids = new ArrayList<>();
    for (String n : names) {
      ids.add(a + ":" + n);
      ids.add(b + ":" + n);
    }
    ids.add("loss");
    return ids;
  }

  /** The highest sum of a rate over the series of one bucket: the top of the stack. */
  static double peakStacked(List<Map<String, String>> rows, String column) {
    Map<String, Double> perBucket = new LinkedHashMap<>();
    for (Map<String, String> r : rows) {
      perBucket.merge(r.get("bucket"), Double.parseDouble(r.get(column)), Double::sum);
    }
    return perBucket.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
