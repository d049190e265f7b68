package io.tcptop.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * Exports of two tcptop versions in one bucket: one written by this tcptop, one whose
 * connections files have the columns the container attribution adds ({@code cgroup},
 * {@code container}, {@code netns}). Spark (the document's views, mergeSchema) and DuckDB (the
 * document's read_parquet, union_by_name) read them together, with NULL where a file lacks a
 * column, and tcptop still reads the bucket.
 */
class FleetSchemaTest {

  private final Path work = Path.of("target", "fleet-schema").toAbsolutePath();
  private final FleetDoc doc = FleetDoc.read();

  @Test
  void exportsWithAndWithoutTheNewColumnsReadTogetherWithNulls() throws Exception {
    Bucket.delete(work);
    Path older = Tcptop.journal(work.resolve("older-journal"), "web-01", "2026-11-26T08:00:00Z", 3_000, 12, 3_000_000, 11);
    Path newer = Tcptop.journal(work.resolve("newer-journal"), "db-01", "2026-11-26T09:00:00Z", 3_000, 12, 3_000_000, 12);
    Path olderExport = work.resolve("older-export");
    Path newerExport = work.resolve("newer-export");
    Tcptop.analyze("export", older.toString(), "-o", olderExport.toString(), "--partition-by", "host,date", "--timestamps", "us").ok("export");
    Tcptop.analyze("export", newer.toString(), "-o", newerExport.toString(), "--partition-by", "host,date", "--timestamps", "us").ok("export");
    int rewritten = addContainerColumns(newerExport.resolve("connections"));
    assertTrue(rewritten >= 1);

    Path bucket = work.resolve("bucket");
    Bucket.ship(olderExport, bucket);
    Bucket.ship(newerExport, bucket);
    long olderConnections = count(olderExport, "connections");
    long newerConnections = count(newerExport, "connections");

    SparkSession spark = SparkLocal.get();
    spark.sql("SET base=" + Bucket.url(bucket));
    for (String statement : doc.statements("spark-views")) {
      spark.sql(statement);
    }
    List<String> fromSpark = new ArrayList<>();
    for (var r : spark.sql("SELECT host, count(*), count(cgroup), count(container), count(netns), "
        + "min(container), max(netns) FROM connections_files GROUP BY host ORDER BY host").collectAsList()) {
      fromSpark.add(r.mkString(","));
    }
    assertEquals(List.of("db-01," + newerConnections + "," + newerConnections + "," + newerConnections + ","
        + newerConnections + "," + "container-0,4026532839", "web-01," + olderConnections + ",0,0,0,null,null"), fromSpark);
    assertEquals(spark.sql("SELECT count(*) FROM connections").first().getLong(0), olderConnections + newerConnections,
        "the views read both versions");

    List<String> fromDuck = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      List<String> statements = doc.statements("duckdb");
      st.execute(statements.get(0).replace("${base}", bucket.toString()));
      try (ResultSet rs = st.executeQuery("SELECT host, count(*), count(cgroup), count(container), count(netns), "
          + "min(container), max(netns) FROM connections_files GROUP BY host ORDER BY host")) {
        while (rs.next()) {
          fromDuck.add(rs.getString(1) + "," + rs.getLong(2) + "," + rs.getLong(3) + "," + rs.getLong(4) + ","
              + rs.getLong(5) + "," + rs.getString(6) + "," + rs.getString(7));
        }
      }
      // The document's own query over the view runs too.
      try (ResultSet rs = st.executeQuery(statements.get(1).replace("${base}", bucket.toString()))) {
        assertTrue(rs.next());
      }
    }
    assertEquals(fromSpark, fromDuck);

    Table tcptop = Table.ofCsv(Tcptop.analyze("sql", bucket.toString(),
        "SELECT host, count(*) AS n FROM connections GROUP BY host ORDER BY host", "--format", "csv").ok("tcptop").out());
    assertEquals("host,n\ndb-01," + newerConnections + "\nweb-01," + olderConnections + "\n", tcptop.toString());
  }

  /**
   * Rewrites each connections file with three more columns. This tcptop cannot write them (the
   * container attribution will), so DuckDB copies the file with its columns and types unchanged
   * and the new ones appended, which is what a reader meets in an export of that later version.
   */
  private static int addContainerColumns(Path dataset) throws IOException, SQLException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dataset)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      for (Path f : files) {
        Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
        st.execute("COPY (SELECT *, '/system.slice/app-' || (pid % 3) || '.service' AS cgroup, "
            + "'container-' || (pid % 3) AS container, CAST(4026531840 + 999 AS BIGINT) AS netns "
            + "FROM read_parquet('" + f + "', hive_partitioning = false)) TO '" + tmp + "' (FORMAT parquet, COMPRESSION zstd)");
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return files.size();
  }

  private static long count(Path export, String dataset) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + export.resolve(dataset) + "/**/*.parquet')")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
