package io.tcptop.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The fleet benchmark (docs/PERFORMANCE.md, fleet section): Spark in local mode and DuckDB over
 * the same microsecond export of a generated journal, in one JVM, one after the other for each
 * run, on docs/FLEET.md's queries. Spark reads through the document's views, DuckDB through
 * tcptop's own (views.sql). Run it with bench/fleet/run.
 */
public final class FleetBench {
  private FleetBench() {}

  private static final List<String> QUERIES = List.of("top-connections", "bytes-per-process-per-minute",
      "connections-per-host-and-date", "time-range-per-host");

  public static void main(String[] args) throws Exception {
    long records = Long.getLong("bench.records", 10_000_000L);
    int runs = Integer.getInteger("bench.runs", 5);
    Path dir = Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath();
    Path journal = dir.resolve("journal-" + records);
    Path export = dir.resolve("export-us-" + records);
    if (!Files.exists(journal)) {
      long t0 = System.nanoTime();
      // The journal of the analyze benchmark: 2,000 concurrent flows, 10 us mean gap.
      Tcptop.journal(journal, "bench-host", "2026-11-26T10:00:00Z", records, 2_000, 10_000, 1);
      System.out.printf(Locale.ROOT, "generated %,d records in %.1f s%n", records, (System.nanoTime() - t0) / 1e9);
    }
    if (!Files.exists(export)) {
      Tcptop.analyze("export", journal.toString(), "-o", export.toString(), "--partition-by", "host,date",
          "--timestamps", "us").ok("export");
    }
    FleetDoc doc = FleetDoc.read();
    System.out.printf(Locale.ROOT, "%d cores, load average at start: %s%n", Runtime.getRuntime().availableProcessors(), load());
    System.out.printf(Locale.ROOT, "export: %s, %.1f MB%n", export, bytes(export) / 1e6);

    long s0 = System.nanoTime();
    SparkSession spark = SparkLocal.get();
    double sessionStart = (System.nanoTime() - s0) / 1e9;
    long v0 = System.nanoTime();
    spark.sql("SET base=" + Bucket.url(export));
    for (String st : doc.statements("spark-views")) {
      spark.sql(st);
    }
    double views = (System.nanoTime() - v0) / 1e9;

    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
      st.execute(tcptopViews(export));
      try (ResultSet rs = st.executeQuery("SELECT count(*), count_if(kind IN ('send', 'recv')) FROM events")) {
        rs.next();
        System.out.printf(Locale.ROOT, "events: %,d rows (send/recv %,d)%n", rs.getLong(1), rs.getLong(2));
      }
      System.out.printf(Locale.ROOT, "Spark session start %.2f s, the document's views %.2f s%n%n", sessionStart, views);
      System.out.println("| query | Spark local[2], median | Spark first run | DuckDB, median | DuckDB first run | rows |");
      System.out.println("|---|---|---|---|---|---|");
      for (String name : QUERIES) {
        String sql = doc.query(name);
        if (Boolean.getBoolean("bench.explain")) {
          System.out.println(spark.sql("EXPLAIN " + sql).first().getString(0));
        }
        List<Double> sparkTimes = new ArrayList<>();
        List<Double> duckTimes = new ArrayList<>();
        int sparkRows = 0;
        int duckRows = 0;
        for (int i = 0; i <= runs; i++) {
          long t = System.nanoTime();
          sparkRows = spark.sql(sql).collectAsList().size();
          sparkTimes.add((System.nanoTime() - t) / 1e9);
          t = System.nanoTime();
          duckRows = rows(st, sql);
          duckTimes.add((System.nanoTime() - t) / 1e9);
        }
        if (sparkRows != duckRows) {
          throw new AssertionError(name + ": Spark " + sparkRows + " rows, DuckDB " + duckRows);
        }
        System.out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %.3f s | %.3f s | %,d |%n", name, median(sparkTimes),
            sparkTimes.get(0), median(duckTimes), duckTimes.get(0), sparkRows);
      }
    }
    // tcptop analyze sql as a user runs it: a process per query (JVM start and DuckDB's library included).
    System.out.println();
    for (String name : List.of("top-connections", "bytes-per-process-per-minute")) {
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        Tcptop.analyze("sql", export.toString(), doc.query(name), "--format", "csv").ok(name);
        times.add((System.nanoTime() - t) / 1e9);
      }
      System.out.printf(Locale.ROOT, "tcptop analyze sql (process) %s: median %.2f s of %d%n", name, medianAll(times), runs);
    }
    System.out.println("load average at end: " + load());
    spark.stop();
  }

  /** tcptop's views.sql with each dataset read as 'tcptop analyze' reads one export. */
  private static String tcptopViews(Path export) throws IOException {
    String sql = Files.readString(FleetDoc.repoRoot().resolve("analyze/src/main/resources/io/tcptop/analyze/sql/views.sql"),
        StandardCharsets.UTF_8);
    for (String t : List.of("sessions", "flows", "events", "connections", "bandwidth")) {
      sql = sql.replace("{" + t + "}", "read_parquet(['" + export.resolve(t) + "/**/*.parquet'], union_by_name = true, "
          + "hive_partitioning = true, hive_types = {'host': VARCHAR, 'date': DATE})");
    }
    return sql;
  }

  private static int rows(Statement st, String sql) throws SQLException {
    int n = 0;
    try (ResultSet rs = st.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int c = 1; c <= columns; c++) {
          rs.getObject(c);
        }
        n++;
      }
    }
    return n;
  }

  /** The median of the runs after the first (which includes warm-up), as the analyze benchmark reports. */
  private static double median(List<Double> all) {
    return medianAll(all.subList(1, all.size()));
  }

  private static double medianAll(List<Double> xs) {
    double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long bytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
