package io.tcptop.analyze.bench;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.sql.Database;
import io.tcptop.analyze.sql.ExportSource;
import io.tcptop.analyze.sql.Report;
import io.tcptop.analyze.sql.ResultFormat;
import io.tcptop.analyze.sql.ResultPrinter;
import io.tcptop.analyze.testing.SyntheticJournal;
import io.tcptop.analyze.testing.TestJournals;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The analyze benchmark (docs/PERFORMANCE.md): export throughput and the run time of
 * the queries of {@code analyze top --by bytes} and {@code analyze timeline} on a generated journal.
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B -pl analyze -am -DskipTests -Pbench verify \
 *     [-Dbench.records=10000000] [-Dbench.runs=5] [-Dbench.dir=analyze/target/bench]
 * </pre>
 *
 * Each figure is the median of {@code bench.runs} runs in one JVM after one warm-up run, which is
 * reported separately as the cold (first-command) figure.
 */
public final class AnalyzeBench {

  public static void main(String[] args) throws IOException {
    long records = Long.getLong("bench.records", 10_000_000L);
    int runs = Integer.getInteger("bench.runs", 5);
    Path dir = Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath();
    Path journal = dir.resolve("journal-" + records);
    if (!Files.exists(journal)) {
      Files.createDirectories(dir);
      long t0 = System.nanoTime();
      SyntheticJournal.write(journal, SyntheticJournal.Spec.small("bench-host", 1)
          .withRecords(records).withFlows(2_000).withMeanGap(10_000));
      System.out.printf(Locale.ROOT, "generated %,d records in %.1f s: %s%n", records, (System.nanoTime() - t0) / 1e9, journal);
    }
    Path out = dir.resolve("export");
    System.out.printf(Locale.ROOT, "%d cores, load average at start: %s%n", Runtime.getRuntime().availableProcessors(), loadAverage());

    List<Double> exportSeconds = new ArrayList<>();
    Exporter.Summary summary = null;
    for (int i = 0; i <= runs; i++) {
      TestJournals.deleteTree(out);
      summary = Exporter.export(List.of(journal), out, new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
      exportSeconds.add(summary.nanos() / 1e9);
    }
    long traffic = trafficRecords(out);
    long eventsBytes = bytes(out.resolve("events"));
    long flowsBytes = bytes(out.resolve("flows"));

    String oneSecond = "to_microseconds(1000000)";
    List<Double> top = query(runs, out, new Report("top-bytes", java.util.Map.of("n", "10")).sql());
    List<Double> timeline = query(runs, out, new Report("timeline-process", java.util.Map.of("bucket", oneSecond)).sql());
    List<Double> timelineConn = query(runs, out, new Report("timeline-connection", java.util.Map.of("bucket", oneSecond)).sql());
    List<Double> kinds = query(runs, out, "SELECT kind, count(*), sum(bytes) FROM events GROUP BY kind");

    System.out.printf(Locale.ROOT, "%nrecords %,d (send/recv %,d), export %d files, %.1f MB%n", summary.records(), traffic,
        summary.files(), summary.bytes() / 1e6);
    System.out.println("| measure | median | first run in the JVM |");
    System.out.println("|---|---|---|");
    row("export throughput", records / median(exportSeconds) / 1e6, records / exportSeconds.get(0) / 1e6, "M records/s");
    row("export time", median(exportSeconds), exportSeconds.get(0), "s");
    System.out.printf(Locale.ROOT, "| events Parquet per send/recv record | %.2f bytes (with flows: %.2f) | |%n",
        (double) eventsBytes / traffic, (double) (eventsBytes + flowsBytes) / traffic);
    System.out.printf(Locale.ROOT, "| whole export per record | %.2f bytes | |%n", (double) summary.bytes() / summary.records());
    row("analyze top --by bytes", median(top), top.get(0), "s");
    row("analyze timeline --by process --bucket 1s", median(timeline), timeline.get(0), "s");
    row("analyze timeline --by connection --bucket 1s", median(timelineConn), timelineConn.get(0), "s");
    row("analyze sql: events by kind (view with its joins)", median(kinds), kinds.get(0), "s");
    System.out.println("load average at end: " + loadAverage());
  }

  /** Other work on the machine shows in the figures; say how much there was. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void row(String what, double median, double cold, String unit) {
    System.out.printf(Locale.ROOT, "| %s | %.2f %s | %.2f %s |%n", what, median, unit, cold, unit);
  }

  /**
   * Opens the export as 'tcptop analyze' does and runs {@code sql} on it, printing the rows as a
   * table into nothing, {@code runs + 1} times in this JVM; the first run includes loading DuckDB.
   */
  private static List<Double> query(int runs, Path export, String sql) {
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i <= runs; i++) {
      long t0 = System.nanoTime();
      try (Database db = Database.open(List.of(ExportSource.of(export)))) {
        db.query(sql, new ResultPrinter(ResultFormat.table, new PrintWriter(Writer.nullWriter()))::print);
      }
      seconds.add((System.nanoTime() - t0) / 1e9);
    }
    return seconds;
  }

  private static double median(List<Double> all) {
    double[] measured = all.subList(1, all.size()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = measured.length;
    return n % 2 == 1 ? measured[n / 2] : (measured[n / 2 - 1] + measured[n / 2]) / 2;
  }

  private static long trafficRecords(Path export) {
    try (var db = new io.tcptop.analyze.testing.Duck()) {
      return db.count("SELECT count(*) FROM read_parquet('" + export + "/events/**/*.parquet') WHERE kind IN ('send', 'recv')");
    }
  }

  private static long bytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

}
