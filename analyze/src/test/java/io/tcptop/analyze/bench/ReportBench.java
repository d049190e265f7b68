package io.tcptop.analyze.bench;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.report.HtmlReport;
import io.tcptop.analyze.report.ReportQuery;
import io.tcptop.analyze.report.ReportRequest;
import io.tcptop.analyze.sql.Database;
import io.tcptop.analyze.sql.ExportSource;
import io.tcptop.analyze.testing.SyntheticJournal;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report benchmark (docs/PERFORMANCE.md, report): the time to build the report of the
 * analyze benchmark's 10 M-record journal from its export, in one JVM, and the HTML's size.
 * It leaves the journal, the export and the report under bench.dir for the command-line and
 * browser figures.
 *
 * <pre>
 * ./build -pl analyze -am -DskipTests -Pbench verify -Dbench.main=io.tcptop.analyze.bench.ReportBench
 * </pre>
 */
public final class ReportBench {

  public static void main(String[] args) throws IOException {
    long records = Long.getLong("bench.records", 10_000_000L);
    int runs = Integer.getInteger("bench.runs", 5);
    Path dir = Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath();
    Path journal = dir.resolve("journal-" + records);
    if (!Files.exists(journal)) {
      Files.createDirectories(dir);
      SyntheticJournal.write(journal, SyntheticJournal.Spec.small("bench-host", 1)
          .withRecords(records).withFlows(2_000).withMeanGap(10_000));
    }
    Path export = dir.resolve("report-export");
    if (!Files.exists(export.resolve(Exporter.SUCCESS))) {
      Exporter.export(List.of(journal), export, new Exporter.Options(Partitioning.NONE, true), Progress.NONE);
    }
    System.out.printf(Locale.ROOT, "load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    List<double[]> times = new ArrayList<>();
    String html = null;
    for (int i = 0; i <= runs; i++) {
      long t0 = System.nanoTime();
      long c0 = cpuNanos();
      try (Database db = Database.open(List.of(ExportSource.of(export)))) {
        html = HtmlReport.render(db, ReportRequest.everything());
      }
      times.add(new double[] {(System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9});
    }
    Path out = dir.resolve("report.html");
    Files.writeString(out, html, StandardCharsets.UTF_8);
    List<double[]> warm = times.subList(1, times.size());
    System.out.printf(Locale.ROOT, "report of %,d records: first run %.2f s (CPU %.2f s), median of %d after it %.2f s (CPU %.2f s); "
        + "%,d bytes: %s%n", records, times.get(0)[0], times.get(0)[1], warm.size(), median(warm, 0), median(warm, 1),
        html.getBytes(StandardCharsets.UTF_8).length, out);
    // Where the time goes: the scope statement by statement (those over 10 ms named by their first
    // line), then each part, in one warm JVM; medians of bench.runs rounds.
    Map<String, List<double[]>> parts = new LinkedHashMap<>();
    try (Database db = Database.open(List.of(ExportSource.of(export)))) {
      HtmlReport.render(db, ReportRequest.everything());
      for (int i = 0; i < runs; i++) {
        for (String statement : ReportQuery.scope(ReportRequest.everything()).split(";\\s*\\n")) {
          List<String> code = statement.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("--")).toList();
          if (!code.isEmpty()) {
            time(parts, code.get(0).strip(), () -> db.execute(statement));
          }
        }
        for (ReportQuery q : ReportQuery.values()) {
          if (q != ReportQuery.BANDWIDTH_CONTAINER) {
            time(parts, q.file() + ".sql", () -> db.query(q.sql(), rs -> {
              while (rs.next()) {
                // Read every row, as the report does.
              }
            }));
          }
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    for (var p : parts.entrySet()) {
      if (median(p.getValue(), 0) > 0.01) {
        sb.append(String.format(Locale.ROOT, "%n  %.2f s (CPU %.2f s)  %s", median(p.getValue(), 0), median(p.getValue(), 1), p.getKey()));
      }
    }
    System.out.println("warm, by statement of the scope and by part, median of " + runs + " (CPU: all the process's threads):" + sb);
    System.out.printf(Locale.ROOT, "load average at end: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
  }

  private static void time(Map<String, List<double[]>> parts, String label, Runnable r) {
    long t = System.nanoTime();
    long c = cpuNanos();
    r.run();
    parts.computeIfAbsent(label, k -> new ArrayList<>()).add(new double[] {(System.nanoTime() - t) / 1e9, (cpuNanos() - c) / 1e9});
  }

  /** CPU time of every thread of this process, DuckDB's among them. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double median(List<double[]> v, int k) {
    double[] s = v.stream().mapToDouble(a -> a[k]).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
