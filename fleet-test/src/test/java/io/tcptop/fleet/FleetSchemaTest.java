package io.tcptop.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Exports of two tcptop versions in one bucket: a real export written by the tcptop before the
 * owner columns (of the fixture recorded-loopback, kept in this module's test resources, as
 * docs/FLEET.md tells hosts to export) and one written by this tcptop of the fixture containers,
 * whose connections have cgroups, containers and network namespaces. Spark (the document's
 * views, mergeSchema) and DuckDB (the document's read_parquet, union_by_name) read them together,
 * with NULL where a file lacks a column; tcptop reads the bucket, and appends to the older export
 * as a host's hourly timer does after an upgrade.
 */
class FleetSchemaTest {

  /** Written by the tcptop before the owner columns: schema 2, host=vm, date=2026-11-26, microseconds. */
  static final Path BEFORE_OWNERS = Path.of("src/test/resources/io/tcptop/fleet/export-before-owners").toAbsolutePath();
  static final String OWNERS = "count(cgroup_id), count(cgroup), count(runtime), count(container), count(pod), count(netns)";

  private final Path work = Path.of("target", "fleet-schema").toAbsolutePath();
  private final FleetDoc doc = FleetDoc.read();

  @Test
  void exportsWithAndWithoutTheOwnerColumnsReadTogetherWithNulls() throws Exception {
    Bucket.delete(work);
    assertEquals(List.of(), columnsOf(BEFORE_OWNERS.resolve("connections"), "cgroup", "container", "netns"),
        "the older export has no owner columns");
    Path containers = Tcptop.fixture("containers");
    Path newer = work.resolve("newer-export");
    Tcptop.analyze("export", containers.toString(), "-o", newer.toString(), "--partition-by", "host,date", "--timestamps", "us")
        .ok("export");
    assertEquals(List.of("cgroup", "container", "netns"), columnsOf(newer.resolve("connections"), "cgroup", "container", "netns"));

    Path bucket = work.resolve("bucket");
    Bucket.ship(BEFORE_OWNERS, bucket);
    Bucket.ship(newer, bucket);
    long older = count(BEFORE_OWNERS, "connections");
    long withOwners = count(newer, "connections");
    // What the fixture's connections carry (fixtures/README.md): 7 connections, 5 with a cgroup path,
    // 4 in containers, 2 of them in a pod, all with a namespace; one cgroup removed before it was named.
    List<String> expected = List.of(
        "fixture-host," + withOwners + ",6,5,5,4,2,7,3f2a1b9c0d1e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c,4026532302",
        "vm," + older + ",0,0,0,0,0,0,null,null");
    assertEquals(7, withOwners);

    SparkSession spark = SparkLocal.get();
    spark.sql("SET base=" + Bucket.url(bucket));
    for (String statement : doc.statements("spark-views")) {
      spark.sql(statement);
    }
    // NULL spelled out, so that the three engines' answers compare as text.
    String perHost = "SELECT host, count(*), " + OWNERS + ", coalesce(min(container), 'null'), "
        + "coalesce(CAST(max(netns) AS STRING), 'null') FROM connections GROUP BY host ORDER BY host";
    List<String> fromSpark = new ArrayList<>();
    for (var r : spark.sql(perHost).collectAsList()) {
      fromSpark.add(r.mkString(","));
    }
    assertEquals(expected, fromSpark, "Spark's views over both exports");

    List<String> fromDuck = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      List<String> statements = doc.statements("duckdb");
      st.execute(statements.get(0).replace("${base}", bucket.toString()));
      try (ResultSet rs = st.executeQuery(perHost.replace("FROM connections", "FROM connections_files"))) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= 10; i++) {
            row.add(rs.getString(i));
          }
          fromDuck.add(String.join(",", row));
        }
      }
      // The document's own query over the view runs too.
      try (ResultSet rs = st.executeQuery(statements.get(1).replace("${base}", bucket.toString()))) {
        assertTrue(rs.next());
      }
    }
    assertEquals(expected, fromDuck, "DuckDB's union_by_name over both exports");

    Table tcptop = Table.ofCsv(Tcptop.analyze("sql", bucket.toString(), perHost, "--format", "csv").ok("tcptop").out());
    assertEquals(expected, tcptop.rows().stream().map(r -> String.join(",", r)).toList(), "tcptop's own views over the bucket");

    // The document's Spark views have tcptop's columns, in tcptop's order.
    for (String view : List.of("sessions", "flows", "events", "connections", "bandwidth")) {
      Table header = Table.ofCsv(Tcptop.analyze("sql", bucket.toString(), "SELECT * FROM " + view + " LIMIT 0", "--format", "csv")
          .ok(view).out());
      assertEquals(header.header(), List.of(spark.sql("SELECT * FROM " + view).columns()), view);
    }
  }

  /**
   * A host upgraded: its hourly export appends a recording with owners to the export root the
   * older tcptop made (same schema version, same layout), and everything reads as in a bucket.
   */
  @Test
  void anUpgradedHostAppendsToTheExportItsOlderTcptopWrote() throws Exception {
    Path root = work.resolve("appended");
    Bucket.delete(root);
    Bucket.ship(BEFORE_OWNERS, root);
    Tcptop.analyze("export", Tcptop.fixture("containers").toString(), "--append", root.toString()).ok("append");
    assertTrue(Files.readString(root.resolve("_tcptop")).contains("schema_version=2"), "the marker still says schema 2");
    assertTrue(Files.isDirectory(root.resolve("connections/host=fixture-host/date=2026-11-20")),
        "laid out as the older export was (host,date)");
    Table counts = Table.ofCsv(Tcptop.analyze("sql", root.toString(),
        "SELECT host, count(*) AS n, count(container) AS in_containers FROM connections GROUP BY host ORDER BY host",
        "--format", "csv").ok("tcptop").out());
    assertEquals("host,n,in_containers\nfixture-host,7,4\nvm," + count(BEFORE_OWNERS, "connections") + ",0\n", counts.toString());

    SparkSession spark = SparkLocal.get();
    spark.sql("SET base=" + Bucket.url(root));
    for (String statement : doc.statements("spark-views")) {
      spark.sql(statement);
    }
    assertEquals(4L, spark.sql("SELECT count(*) FROM connections WHERE container IS NOT NULL").first().getLong(0));
    assertEquals(count(BEFORE_OWNERS, "connections"),
        spark.sql("SELECT count(*) FROM connections WHERE host = 'vm' AND netns IS NULL").first().getLong(0));
  }

  /** Which of {@code wanted} the dataset's files have, in that order. */
  private static List<String> columnsOf(Path dataset, String... wanted) throws SQLException {
    List<String> found = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT name FROM parquet_schema('" + dataset + "/**/*.parquet')")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      for (String w : wanted) {
        if (names.contains(w)) {
          found.add(w);
        }
      }
    }
    return found;
  }

  private static long count(Path export, String dataset) throws SQLException, IOException {
    try (Stream<Path> files = Files.walk(export.resolve(dataset))) {
      assertTrue(files.anyMatch(p -> p.toString().endsWith(".parquet")), export + " has " + dataset);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + export.resolve(dataset) + "/**/*.parquet')")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
