package io.tcptop.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.testing.TestJournals;
import io.tcptop.cli.Cli;
import io.tcptop.view.Units;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;

/**
 * Reports of every fixture (the real recording among them) and of generated journals, opened in
 * Chromium with the network off: no console error, no request leaves the file, every chart has
 * drawn its series on the SQL's axis, and the header and the table show exactly what
 * 'tcptop analyze sql' returns for the report's SQL files.
 */
class ReportBrowserTest {

  @TempDir static Path tmp;
  static Browser browser;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  static Stream<Arguments> sources() {
    Map<String, Path> all = new LinkedHashMap<>(TestJournals.fixtures());
    Map<String, Path> generated = TestJournals.generated();
    all.put("busy", generated.get("busy"));
    all.put("midnight", generated.get("midnight"));
    return all.entrySet().stream().map(e -> Arguments.of(e.getKey().replace("fixture ", ""), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void theReportShowsTheSqlsNumbersAndDrawsEveryChart(String name, Path journal) {
    Path export = tmp.resolve(name + "-export");
    Exporter.export(List.of(journal), export, new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    String source = export.toString();
    Path html = tmp.resolve(name + ".html");
    var r = Cli.analyze("report", source, "-o", html.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().startsWith("wrote " + html), r.err());

    ReportChecks.pageMatchesSql(browser, html, source);
  }

  @Test
  void theWindowTheFiltersAndTheBucketReachEveryPart() {
    Path export = tmp.resolve("busy-window-export");
    Exporter.export(List.of(TestJournals.generated().get("busy")), export, new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    String[] options = {"--from", "+3s", "--to", "+8s", "--tcp", "--bucket", "500ms", "--top", "3"};
    Path html = tmp.resolve("busy-window.html");
    List<String> args = new java.util.ArrayList<>(List.of("report", export.toString(), "-o", html.toString()));
    args.addAll(List.of(options));
    var r = Cli.analyze(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    ReportPage page = ReportChecks.pageMatchesSql(browser, html, export.toString(), options);
    assertEquals("--tcp", page.text("#facts code"));
    for (var row : page.table()) {
      assertEquals("tcp", row.get("proto").value());
    }
    assertEquals(4, page.charts().get("process").names().stream().distinct().count() - 1, "three processes, other, and the loss marks");
  }

  /** The export of the generated busy journal, made once for the tests that use the mouse. */
  static Path busyExport() {
    return busyExportIn(tmp);
  }

  static Path busyExportIn(Path dir) {
    Path export = dir.resolve("busy-mouse-export");
    if (!java.nio.file.Files.exists(export)) {
      Exporter.export(List.of(TestJournals.generated().get("busy")), export, new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    }
    return export;
  }

  static Path busyReport() {
    return busyReportFor(tmp);
  }

  static Path busyReportFor(Path dir) {
    Path html = dir.resolve("busy-mouse.html");
    if (!java.nio.file.Files.exists(html)) {
      var r = Cli.analyze("report", busyExportIn(dir).toString(), "-o", html.toString());
      assertEquals(0, r.exit(), r.err());
    }
    return html;
  }

  /** Waits until {@code condition} holds (the page redraws after input events), at most 5 s. */
  static void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void theMouseWheelZoomsADragPansAndEveryChartFollows() {
    Path html = busyReport();
    browser.open(html);
    assertEquals(List.of(), browser.errors(), "console errors");
    ReportPage page = new ReportPage(browser);
    List<String> charts = List.of("process", "peer", "rtt", "connections");
    double[] full = page.xRange("process");

    // Each turn of the wheel zooms in by a step (about a tenth).
    Actions wheel = new Actions(browser.driver());
    for (int i = 0; i < 5; i++) {
      wheel.scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(page.plot("process")), 0, -300).pause(java.time.Duration.ofMillis(100));
    }
    wheel.perform();
    await(() -> width(page.xRange("process")) < 0.75 * width(full), "the wheel zoomed in");
    double[] zoomed = page.xRange("process");
    assertTrue(zoomed[0] >= full[0] && zoomed[1] <= full[1], "zoomed inside the span");
    for (String c : charts) {
      assertArrayEquals(zoomed, page.xRange(c), width(full) / 1000, c + " zoomed with the bandwidth chart");
    }

    // Dragging the plot to the left shows later times, over the same width.
    new Actions(browser.driver()).moveToElement(page.plot("process"), 0, 0).clickAndHold().moveByOffset(-250, 0).release().perform();
    await(() -> page.xRange("process")[0] > zoomed[0], "the drag panned");
    double[] panned = page.xRange("process");
    assertEquals(width(zoomed), width(panned), width(zoomed) / 100, "panning keeps the zoom");
    for (String c : charts) {
      assertArrayEquals(panned, page.xRange(c), width(full) / 1000, c + " panned with the bandwidth chart");
    }
    assertEquals(List.of(), browser.errors(), "console errors");
  }

  @Test
  void hoveringShowsTheSqlsRatesForTheBucketUnderThePointer() {
    Path export = busyExport();
    Path html = busyReport();
    browser.open(html);
    ReportPage page = new ReportPage(browser);
    // The bucket in which the busiest process received the most.
    Map<String, String> busiest = ReportSql.rows(export.toString(), "bandwidth-process").stream()
        .filter(r -> r.get("series_rank").equals("1"))
        .max(java.util.Comparator.comparingDouble(r -> Double.parseDouble(r.get("rate_in")))).orElseThrow();
    Map<String, String> header = ReportSql.rows(export.toString(), "header").get(0);
    double step = Long.parseLong(header.get("bucket_us")) / 1000.0;
    double bucket = Instant.parse(busiest.get("bucket")).toEpochMilli();
    double rateIn = Double.parseDouble(busiest.get("rate_in"));
    int[] at = page.offsetFromCentre("process", bucket + step * 0.4, rateIn / 2);
    new Actions(browser.driver()).moveToElement(page.plot("process"), at[0], at[1]).perform();
    await(() -> page.tooltip("process") != null, "a tooltip shows");
    String tip = page.tooltip("process");
    String line = busiest.get("series") + ": in " + Units.rate(rateIn) + ", out " + Units.rate(Double.parseDouble(busiest.get("rate_out")));
    assertTrue(tip.contains(line), "expected '" + line + "' in the tooltip:\n" + tip);
    String from = busiest.get("bucket").substring(0, 10) + " " + busiest.get("bucket").substring(11, 19);
    assertTrue(tip.startsWith(from), "the tooltip names the bucket " + from + ":\n" + tip);
    // The other charts point at the same time.
    await(() -> page.tooltip("connections") != null, "the connections chart shows the same time");
    assertTrue(page.tooltip("connections").startsWith(from), page.tooltip("connections"));
    assertEquals(List.of(), browser.errors(), "console errors");
  }

  @Test
  void aClickOnAColumnSortsTheTableByItsValues() {
    browser.open(busyReport());
    ReportPage page = new ReportPage(browser);
    List<Long> before = column(page, "bytes_out").stream().map(Long::parseLong).toList();
    assertTrue(before.size() > 5 && before.stream().distinct().count() > 5, "enough different values to sort: " + before);
    assertTrue(!isSorted(before, false), "not already in out order: the click must change something");

    page.clickColumn("out");
    List<Long> out = column(page, "bytes_out").stream().map(Long::parseLong).toList();
    assertTrue(isSorted(out, true), "descending after one click: " + out);
    assertEquals(new java.util.HashSet<>(before), new java.util.HashSet<>(out), "the same rows");
    page.clickColumn("out");
    assertTrue(isSorted(column(page, "bytes_out").stream().map(Long::parseLong).toList(), false), "ascending after two");

    page.clickColumn("first seen (UTC)");
    List<String> first = column(page, "first_seen");
    List<String> expected = new ArrayList<>(first);
    expected.sort(java.util.Comparator.reverseOrder());
    assertEquals(expected, first, "newest first");
    assertEquals("descending", browser.js(
        "return Array.prototype.filter.call(document.querySelectorAll('#top-connections th'), function (t) { "
            + "return t.hasAttribute('aria-sort'); }).map(function (t) { return t.getAttribute('aria-sort'); }).join()"));
  }

  /**
   * A recording with containers (the fixture): the chart by container or unit draws each owner the
   * SQL names, and --netns narrows the page to one namespace's connections, in the chart and the table.
   */
  @Test
  void theContainerChartDrawsEachContainerOrUnitAndTheOwnerFiltersNarrowThePage() {
    Path export = tmp.resolve("containers-owners-export");
    Exporter.export(List.of(TestJournals.fixtures().get("fixture containers")), export,
        new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    Path whole = tmp.resolve("containers-owners.html");
    var r = Cli.analyze("report", export.toString(), "-o", whole.toString());
    assertEquals(0, r.exit(), r.err());
    ReportPage page = ReportChecks.pageMatchesSql(browser, whole, export.toString());
    assertEquals(List.of("3f2a1b9c0d1e", "9b1c2d3e4f5a", "session-3.scope", "(none)").stream().sorted().toList(),
        owners(page).stream().sorted().toList());
    assertTrue(page.seriesInk("container") > 500, "the container chart drew its series");
    assertFalse(page.text("#section-container").contains("Left out"), page.text("#section-container"));

    String[] options = {"--netns", "4026532301"};
    Path one = tmp.resolve("containers-netns.html");
    var n = Cli.analyze("report", export.toString(), "-o", one.toString(), options[0], options[1]);
    assertEquals(0, n.exit(), n.err());
    ReportPage narrowed = ReportChecks.pageMatchesSql(browser, one, export.toString(), options);
    assertEquals("--netns 4026532301", narrowed.text("#facts code"));
    assertEquals(List.of("3f2a1b9c0d1e"), owners(narrowed));
    assertEquals(java.util.Set.of("curl", "httpd"),
        narrowed.table().stream().map(row -> row.get("comm").value()).collect(java.util.stream.Collectors.toSet()));
  }

  /** The owners the container chart draws, by its series ids ("in:NAME", "out:NAME"). */
  static List<String> owners(ReportPage page) {
    return page.charts().get("container").ids().stream().filter(id -> id.startsWith("in:")).map(id -> id.substring(3)).toList();
  }

  static double width(double[] range) {
    return range[1] - range[0];
  }

  static List<String> column(ReportPage page, String column) {
    return page.table().stream().map(r -> r.get(column).value()).toList();
  }

  static boolean isSorted(List<Long> values, boolean descending) {
    for (int i = 1; i < values.size(); i++) {
      int c = Long.compare(values.get(i - 1), values.get(i));
      if (descending ? c < 0 : c > 0) {
        return false;
      }
    }
    return true;
  }
}
