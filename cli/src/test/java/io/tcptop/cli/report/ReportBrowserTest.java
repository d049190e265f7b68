package io.tcptop.cli.report;

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
}
