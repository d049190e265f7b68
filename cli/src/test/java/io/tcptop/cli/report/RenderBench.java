package io.tcptop.cli.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's time to first render (docs/PERFORMANCE.md, report): opens one report file in a
 * fresh headless Chromium each run (no cache, network off) and reads how long after navigation
 * began the page's script started (the chart library loaded), its first chart had drawn, the
 * HTML was parsed, and every chart had drawn (the page's {@code tcptopReport} timestamps).
 * Each run also opens an empty page in a fresh browser, alternately with the report, as a
 * yardstick: on a loaded machine most of the time is the browser's own, which the report's size
 * does not change.
 *
 * <pre>
 * ./build -pl cli -Pbench verify -DskipTests -Dbench.html=analyze/target/bench/report.html [-Dbench.runs=5]
 * </pre>
 */
public final class RenderBench {

  public static void main(String[] args) throws Exception {
    Path html = Path.of(System.getProperty("bench.html")).toAbsolutePath();
    int runs = Integer.getInteger("bench.runs", 5);
    System.out.printf(Locale.ROOT, "%s: %,d bytes; load average %s%n", html, Files.size(html),
        Files.readString(Path.of("/proc/loadavg")).strip());
    List<Double> render = new ArrayList<>();
    List<Double> parsed = new ArrayList<>();
    List<Double> script = new ArrayList<>();
    List<Double> first = new ArrayList<>();
    List<Double> blank = new ArrayList<>();
    Path empty = Files.createTempFile("tcptop-blank-", ".html");
    Files.writeString(empty, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>blank</title></head><body>"
        + "<script>window.tcptopReport = { rendered: true, firstRenderMs: performance.now() };</script></body></html>");
    for (int i = 0; i < runs; i++) {
      try (Browser browser = Browser.start()) {
        browser.open(empty);
        blank.add(((Number) browser.js("return window.tcptopReport.firstRenderMs")).doubleValue());
      }
      try (Browser browser = Browser.start()) {
        browser.open(html);
        if (!browser.errors().isEmpty()) {
          throw new IllegalStateException("console errors: " + browser.errors());
        }
        render.add(((Number) browser.js("return window.tcptopReport.renderMs")).doubleValue());
        script.add(((Number) browser.js("return window.tcptopReport.scriptMs")).doubleValue());
        first.add(((Number) browser.js("return window.tcptopReport.firstRenderMs")).doubleValue());
        parsed.add(((Number) browser.js(
            "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")).doubleValue());
      }
      System.out.printf(Locale.ROOT, "run %d: page script started %.0f ms (the chart library loaded), first chart drawn %.0f ms, "
          + "DOMContentLoaded %.0f ms, every chart drawn %.0f ms; an empty page's script %.0f ms%n",
          i + 1, script.get(i), first.get(i), parsed.get(i), render.get(i), blank.get(i));
    }
    Files.delete(empty);
    System.out.printf(Locale.ROOT, "median of %d, ms after navigation began: page script started %.0f, first chart drawn %.0f, "
        + "DOMContentLoaded %.0f, every chart drawn %.0f; an empty page's script %.0f; load average %s%n", runs, median(script),
        median(first), median(parsed), median(render), median(blank), Files.readString(Path.of("/proc/loadavg")).strip());
  }

  private static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
