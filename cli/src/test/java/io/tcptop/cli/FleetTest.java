package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.testing.Duck;
import io.tcptop.analyze.testing.JournalCounts;
import io.tcptop.analyze.testing.TestJournals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts record and export locally with --partition-by host,date, ship their exports to one
 * place (as to object storage), and the result is queried with DuckDB's Hive partitioning.
 */
class FleetTest {

  @TempDir Path tmp;

  @Test
  void twoHostsExportsShippedToOnePlaceQueryTogetherWithHivePartitioning() throws IOException {
    Path web = TestJournals.generated().get("mixed");
    Path db = TestJournals.generated().get("midnight");
    assertEquals(0, Cli.analyze("export", web.toString(), "-o", tmp.resolve("web-01").toString(), "--partition-by", "host,date").exit());
    assertEquals(0, Cli.analyze("export", db.toString(), "-o", tmp.resolve("db-01").toString(), "--partition-by", "host,date").exit());
    Path bucket = tmp.resolve("bucket");
    ship(tmp.resolve("web-01"), bucket);
    ship(tmp.resolve("db-01"), bucket);

    assertTrue(Files.exists(bucket.resolve("events/host=web-01/date=2026-11-18")));
    assertTrue(Files.exists(bucket.resolve("events/host=db-01/date=2026-11-25")));
    assertTrue(Files.exists(bucket.resolve("events/host=db-01/date=2026-11-26")), "a journal across midnight splits by date");
    try (Stream<Path> files = Files.list(bucket.resolve("events/host=web-01/date=2026-11-18"))) {
      assertTrue(files.allMatch(p -> p.getFileName().toString().matches("part-.*\\.parquet")));
    }

    long webRecords = JournalCounts.of(web).records;
    long dbRecords = JournalCounts.of(db).records;
    try (Duck duck = new Duck()) {
      var rows = duck.rows("SELECT host, date, count(*) AS n FROM read_parquet('" + bucket
          + "/events/*/*/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY host, date");
      assertEquals(3, rows.size());
      assertEquals("db-01", rows.get(0).get("host"));
      assertEquals(dbRecords, (Long) rows.get(0).get("n") + (Long) rows.get(1).get("n"));
      assertEquals(webRecords, rows.get(2).get("n"));
      assertEquals("2026-11-26", rows.get(1).get("date").toString());
      assertEquals(2L, duck.count("SELECT count(DISTINCT session) FROM read_parquet('" + bucket
          + "/connections/**/*.parquet', hive_partitioning = true)"));
      assertEquals(0L, duck.count("SELECT count(*) FROM read_parquet('" + bucket
          + "/events/host=db-01/*/*.parquet', hive_partitioning = true) WHERE host <> 'db-01'"));
    }

    var summary = Cli.analyze("sql", bucket.toString(),
        "SELECT host, count(*) AS records FROM events GROUP BY host ORDER BY host", "--format", "csv");
    assertEquals(0, summary.exit(), summary.err());
    assertEquals(List.of("host,records", "db-01," + dbRecords, "web-01," + webRecords), summary.outLines());
  }

  @Test
  void oneExportOfSeveralJournalsHoldsEverySession() {
    Path out = tmp.resolve("all");
    var r = Cli.analyze("export", TestJournals.generated().get("mixed").toString(),
        TestJournals.generated().get("midnight").toString(), TestJournals.generated().get("killed").toString(),
        "-o", out.toString(), "--partition-by", "host,date");
    assertEquals(0, r.exit(), r.err());
    var q = Cli.analyze("sql", out.toString(), "SELECT host, count(*) AS sessions FROM sessions GROUP BY host ORDER BY host",
        "--format", "csv");
    assertEquals(List.of("host,sessions", "db-01,1", "web-01,2"), q.outLines());
  }

  /** Copies an export into the shared place, the way 'aws s3 sync' would. */
  static void ship(Path export, Path bucket) throws IOException {
    try (Stream<Path> s = Files.walk(export)) {
      for (Path p : s.toList()) {
        Path target = bucket.resolve(export.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
