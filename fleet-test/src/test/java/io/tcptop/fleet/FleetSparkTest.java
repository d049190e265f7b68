package io.tcptop.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two hosts export the way docs/FLEET.md says ({@code --partition-by host,date --timestamps us},
 * one of them with {@code --append} as its hourly timer does), the exports are shipped into one
 * bucket, and Apache Spark runs the document's own statements on it: its answers equal
 * {@code tcptop analyze sql} on the same files, row for row, timestamps to the microsecond.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetSparkTest {

  private final Path work = Path.of("target", "fleet-spark").toAbsolutePath();
  private final FleetDoc doc = FleetDoc.read();
  private Path bucket;
  private Path webEarly;
  private Path db;
  private SparkSession spark;

  @BeforeAll
  void exportTwoHostsIntoOneBucket() {
    Bucket.delete(work);
    Path j = work.resolve("journals");
    // web-01: a session across midnight (two UTC days) and a later one; starts with sub-microsecond digits.
    webEarly = Tcptop.journal(j.resolve("web-early"), "web-01", "2026-11-25T23:59:45.000000500Z", 6_000, 12, 3_000_000, 1);
    Path webLate = Tcptop.journal(j.resolve("web-late"), "web-01", "2026-11-26T09:00:00.123456789Z", 6_000, 20, 3_000_000, 2);
    db = Tcptop.journal(j.resolve("db"), "db-01", "2026-11-26T10:15:30.987654321Z", 8_000, 30, 2_000_000, 3);

    Path web01 = work.resolve("host-web-01/export");
    Tcptop.analyze("export", webEarly.toString(), "--append", web01.toString(), "--partition-by", "host,date",
        "--timestamps", "us").ok("first export of web-01");
    Tcptop.analyze("export", webLate.toString(), "--append", web01.toString()).ok("append to web-01");
    Path db01 = work.resolve("host-db-01/export");
    Tcptop.analyze("export", db.toString(), "-o", db01.toString(), "--partition-by", "host,date", "--timestamps", "us")
        .ok("export of db-01");

    // A host name that the paths escape (host=lab%20host%2B1/…/part-lab%20host%2B1_…): both engines unescape it alike.
    Path lab = Tcptop.journal(j.resolve("lab"), "lab host+1", "2026-11-26T11:00:00Z", 2_000, 8, 3_000_000, 4);
    Path lab1 = work.resolve("host-lab/export");
    Tcptop.analyze("export", lab.toString(), "-o", lab1.toString(), "--partition-by", "host,date", "--timestamps", "us")
        .ok("export of lab host+1");

    bucket = work.resolve("bucket");
    Bucket.ship(web01, bucket);
    Bucket.ship(db01, bucket);
    Bucket.ship(lab1, bucket);
    spark = SparkLocal.get();
  }

  @Test
  void theDocumentsQueriesGiveTcptopsAnswersRowForRow() {
    List<String> names = doc.queries();
    assertTrue(names.containsAll(List.of("top-connections", "bytes-per-process-per-minute",
        "connections-per-host-and-date", "time-range-per-host")), "docs/FLEET.md has the four questions: " + names);
    createViews(bucket);
    for (String name : names) {
      Table fromSpark = Table.ofSpark(spark.sql(doc.query(name)));
      Table fromTcptop = tcptop(bucket, doc.query(name));
      assertEquals(fromTcptop.header(), fromSpark.header(), name);
      assertEquals(fromTcptop.toString(), fromSpark.toString(), name + ": Spark and tcptop analyze sql differ");
      assertTrue(fromSpark.rows().size() >= 2, name + " has rows to compare: " + fromSpark);
    }

    // What makes the comparison worth something: two hosts, two days, microsecond digits.
    Table days = Table.ofSpark(spark.sql(doc.query("connections-per-host-and-date")));
    assertEquals(List.of("db-01|2026-11-26", "lab host+1|2026-11-26", "web-01|2026-11-25", "web-01|2026-11-26"),
        days.rows().stream().map(r -> r.get(0) + "|" + r.get(1)).toList());
    Table range = Table.ofSpark(spark.sql(doc.query("time-range-per-host")));
    assertEquals("2026-11-25T23:59:45.000000000Z", range.rows().get(2).get(1),
        "the journal starts at .000000500: a microsecond export keeps .000000, in both engines");
    String last = range.rows().get(0).get(2);
    assertTrue(last.endsWith("000Z") && !last.endsWith("000000Z"),
        "db-01's last record has microsecond digits (and no finer ones, in both engines): " + last);
    Table top = Table.ofSpark(spark.sql(doc.query("top-connections")));
    assertEquals(20, top.rows().size());
  }

  @Test
  void sparkRefusesNanosecondTimestampsWhichIsWhyTheDocumentSaysUs() {
    Path ns = work.resolve("nanos");
    Tcptop.analyze("export", webEarly.toString(), "-o", ns.toString(), "--partition-by", "host,date").ok("ns export");
    Exception e = assertThrows(Exception.class,
        () -> spark.read().parquet(Bucket.url(ns.resolve("events"))).collectAsList());
    assertTrue(String.valueOf(e.getMessage()).contains("TIMESTAMP(NANOS"), e.getMessage());
  }

  /**
   * The ways a bucket comes to hold a session twice or a foreign file: the same journal exported
   * again and shipped again, a copy of a file under another name, another tool's output. tcptop
   * refuses the foreign files in one line; the document's Spark views count every event once.
   */
  @Test
  void theDocumentsSparkViewsCountEachEventOnce() throws IOException {
    createViews(bucket);
    Table before = Table.ofSpark(spark.sql(doc.query("time-range-per-host")));
    Table sessionsBefore = Table.ofSpark(spark.sql(doc.query("sessions-per-host")));

    Path twice = work.resolve("bucket-twice");
    Bucket.delete(twice);
    Bucket.ship(bucket, twice);
    List<String> files = Bucket.files(twice);
    // The same journal exported a second time, on another day, and shipped again: the same names.
    Path again = work.resolve("db-again");
    Bucket.delete(again);
    Tcptop.analyze("export", db.toString(), "-o", again.toString(), "--partition-by", "host,date", "--timestamps", "us")
        .ok("second export of db-01's journal");
    Bucket.ship(again, twice);
    assertEquals(files, Bucket.files(twice), "a second export of a journal has the same file names");
    // A copy of a file under another name, as a file manager or a second download names it.
    Path partition = twice.resolve("events/host=db-01/date=2026-11-26");
    Path original;
    try (Stream<Path> s = Files.list(partition)) {
      original = s.filter(p -> p.getFileName().toString().startsWith("part-db-01")).findFirst().orElseThrow();
    }
    Path copy = partition.resolve(original.getFileName().toString().replace(".parquet", " (1).parquet"));
    Files.copy(original, copy);
    // Another tool's output: Spark writing db-01's rows into the same partition.
    Path sparkOut = work.resolve("spark-out");
    Bucket.delete(sparkOut);
    spark.read().parquet(Bucket.url(original)).coalesce(1).write().parquet(Bucket.url(sparkOut));
    try (Stream<Path> s = Files.list(sparkOut)) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
        Files.copy(p, partition.resolve(p.getFileName()));
      }
    }

    createViews(twice);
    assertEquals(before.toString(), Table.ofSpark(spark.sql(doc.query("time-range-per-host"))).toString());
    assertEquals(sessionsBefore.toString(), Table.ofSpark(spark.sql(doc.query("sessions-per-host"))).toString());
    // Read without the document's file filter, the partition holds db-01's rows three times.
    long everyFile = spark.read().parquet(Bucket.url(twice.resolve("events"))).where("host = 'db-01'").count();
    long counted = spark.sql("SELECT count(*) FROM events WHERE host = 'db-01'").first().getLong(0);
    assertEquals(3 * counted, everyFile, "the files hold db-01's rows three times; the views count them once");

    Tcptop.Result refused = Tcptop.analyze("sql", twice.toString(), "SELECT count(*) FROM events");
    assertEquals(1, refused.exit());
    assertEquals(1, refused.err().strip().lines().count(), refused.err());
    assertTrue(refused.err().contains("move it out of"), refused.err());
  }

  /** An upload still under way (data files shipped, sessions/ not yet): the views show none of that session. */
  @Test
  void aSessionWhoseSessionsFileHasNotArrivedIsNotSeen() {
    Path partial = work.resolve("bucket-partial");
    Bucket.delete(partial);
    Bucket.ship(work.resolve("host-web-01/export"), partial);
    Bucket.ship(work.resolve("host-db-01/export"), partial, false);
    createViews(partial);
    List<String> views = List.of("events", "flows", "connections", "bandwidth", "sessions");
    String perView = String.join(" UNION ALL ", views.stream().map(v -> "SELECT '" + v + "' AS view, "
        + "count_if(session LIKE 'db-01%') AS db, count_if(session LIKE 'web-01%') AS web FROM " + v).toList());
    for (var r : spark.sql(perView).collectAsList()) {
      assertEquals(0L, r.getLong(1), r.getString(0) + " shows none of the session being uploaded");
      assertTrue(r.getLong(2) > 0, r.getString(0) + " shows the complete one");
    }
    Bucket.ship(work.resolve("host-db-01/export"), partial);
    assertEquals(0L, spark.sql("SELECT count(*) FROM sessions WHERE host = 'db-01'").first().getLong(0),
        "the views list the files when they are created (docs/FLEET.md: create them again, or refresh them)");
    for (String dataset : List.of("sessions", "flows", "events", "connections", "bandwidth")) {
      spark.sql("REFRESH TABLE " + dataset + "_files");
    }
    assertEquals(Table.ofSpark(spark.sql("SELECT count(*) FROM events WHERE host = 'db-01'")).rows(),
        tcptop(bucket, "SELECT count(*) FROM events WHERE host = 'db-01'").rows());
  }

  @Test
  void aBucketWithoutSuccessIsRefusedByTcptopInOneLine() throws IOException {
    Path unfinished = work.resolve("bucket-unfinished");
    Bucket.delete(unfinished);
    Bucket.ship(bucket, unfinished);
    Files.delete(unfinished.resolve("_SUCCESS"));
    Tcptop.Result r = Tcptop.analyze("sql", unfinished.toString(), "SELECT count(*) FROM events");
    assertEquals(1, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("no _SUCCESS"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  /** Runs the document's Spark statements, with ${base} set as it tells spark-sql users to. */
  private void createViews(Path root) {
    spark.sql("SET base=" + Bucket.url(root));
    for (String statement : doc.statements("spark-views")) {
      spark.sql(statement);
    }
  }

  private static Table tcptop(Path root, String sql) {
    return Table.ofCsv(Tcptop.analyze("sql", root.toString(), sql, "--format", "csv").ok("tcptop analyze sql").out());
  }
}
