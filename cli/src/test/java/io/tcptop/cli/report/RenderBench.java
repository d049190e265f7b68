package io.tcptop.cli.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The report's time to first render (docs/PERFORMANCE.md, report): opens report files in a
 * fresh headless Chromium each (no cache, network off) and reads how long after navigation
 * began the page's script started (the chart library loaded), its first chart had drawn (its
 * data, axes, legend and LOSS shading; its tooltip and zoom come a task later), the
 * HTML was parsed, and every chart had drawn (the page's {@code tcptopReport} timestamps).
 * Each run also opens an empty page in a fresh browser, as a yardstick: on a loaded machine
 * much of the time is the browser's own, which the report does not change. Several files
 * (comma-separated, e.g. the same report made by two builds) are opened in turn within each
 * run, so that all of them see the same load.
 *
 * <pre>
 * ./build -pl cli -Pbench verify -DskipTests -Dbench.html=analyze/target/bench/report.html[,OTHER.html] [-Dbench.runs=5]
 * </pre>
 */
public final class RenderBench {

  /** One page's timestamps over the runs, in ms after navigation began. */
  private record Figures(List<Double> paint, List<Double> script, List<Double> first, List<Double> parsed, List<Double> render) {
    Figures() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
  }

  public static void main(String[] args) throws Exception {
    List<Path> pages = Arrays.stream(System.getProperty("bench.html").split(",")).map(p -> Path.of(p).toAbsolutePath()).toList();
    int runs = Integer.getInteger("bench.runs", 5);
    for (Path html : pages) {
      System.out.printf(Locale.ROOT, "%s: %,d bytes%n", html, Files.size(html));
    }
    System.out.printf(Locale.ROOT, "load average %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    List<Figures> figures = pages.stream().map(p -> new Figures()).toList();
    List<Double> blank = new ArrayList<>();
    Path empty = Files.createTempFile("tcptop-blank-", ".html");
    Files.writeString(empty, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>blank</title></head><body>"
        + "<script>window.tcptopReport = { rendered: true, firstRenderMs: performance.now() };</script></body></html>");
    for (int i = 0; i < runs; i++) {
      try (Browser browser = Browser.start()) {
        browser.open(empty);
        blank.add(((Number) browser.js("return window.tcptopReport.firstRenderMs")).doubleValue());
      }
      for (int k = 0; k < pages.size(); k++) {
        Figures f = figures.get(k);
        try (Browser browser = Browser.start()) {
          browser.open(pages.get(k));
          if (!browser.errors().isEmpty()) {
            throw new IllegalStateException("console errors: " + browser.errors());
          }
          f.render().add(((Number) browser.js("return window.tcptopReport.renderMs")).doubleValue());
          f.script().add(((Number) browser.js("return window.tcptopReport.scriptMs")).doubleValue());
          f.first().add(((Number) browser.js("return window.tcptopReport.firstRenderMs")).doubleValue());
          f.parsed().add(((Number) browser.js(
              "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")).doubleValue());
          // The browser's own "first contentful paint": the header, its facts and the table shown.
          f.paint().add(((Number) browser.js(
              "var p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : -1")).doubleValue());
        }
        System.out.printf(Locale.ROOT, "run %d, %s: first contentful paint %.0f ms, page script started %.0f ms (the chart library "
            + "loaded), first chart drawn %.0f ms, DOMContentLoaded %.0f ms, every chart drawn %.0f ms; an empty page's script %.0f ms%n",
            i + 1, pages.get(k).getFileName(), f.paint().get(i), f.script().get(i), f.first().get(i), f.parsed().get(i),
            f.render().get(i), blank.get(i));
      }
    }
    Files.delete(empty);
    for (int k = 0; k < pages.size(); k++) {
      Figures f = figures.get(k);
      System.out.printf(Locale.ROOT, "%s, median of %d, ms after navigation began: first contentful paint %.0f, page script "
          + "started %.0f, first chart drawn %.0f, DOMContentLoaded %.0f, every chart drawn %.0f%n", pages.get(k), runs,
          median(f.paint()), median(f.script()), median(f.first()), median(f.parsed()), median(f.render()));
    }
    System.out.printf(Locale.ROOT, "an empty page's script, median %.0f ms; load average %s%n", median(blank),
        Files.readString(Path.of("/proc/loadavg")).strip());
  }

  private static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
