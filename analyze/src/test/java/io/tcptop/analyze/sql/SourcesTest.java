package io.tcptop.analyze.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.testing.Duck;
import io.tcptop.analyze.testing.TestJournals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal as SOURCE: exported into a temporary directory, uncompressed, that goes away with the sources. */
class SourcesTest {

  @TempDir Path tmp;

  @Test
  void aJournalIsExportedUncompressedForTheCommandAndTheExportRemovedAfterIt() {
    Path journal = TestJournals.generated().get("busy");
    Path kept = tmp.resolve("kept");
    Exporter.export(List.of(journal), kept, new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    Path temporary;
    try (Sources sources = Sources.resolve(journal.toString(), Progress.NONE, tmp)) {
      Path export = sources.exports().get(0).dir();
      temporary = export.getParent();
      try (Duck db = new Duck()) {
        for (String dataset : List.of("events", "flows", "connections", "bandwidth", "sessions", "losses")) {
          String files = "'" + export + "/" + dataset + "/*.parquet'";
          assertEquals(List.of("UNCOMPRESSED"), db.rows("SELECT DISTINCT compression FROM parquet_metadata(" + files + ")")
              .stream().map(r -> r.get("compression")).toList(), dataset);
          // The same rows as the export a user keeps, which is compressed.
          String kept1 = "'" + kept + "/" + dataset + "/*.parquet'";
          assertEquals(List.of("ZSTD"), db.rows("SELECT DISTINCT compression FROM parquet_metadata(" + kept1 + ")")
              .stream().map(r -> r.get("compression")).toList(), dataset);
          List<Map<String, Object>> differ = db.rows("SELECT count(*) AS n FROM ((SELECT * FROM " + files + " EXCEPT ALL SELECT * FROM "
              + kept1 + ") UNION ALL (SELECT * FROM " + kept1 + " EXCEPT ALL SELECT * FROM " + files + "))");
          assertEquals(0L, differ.get(0).get("n"), dataset);
        }
      }
      assertTrue(Files.isDirectory(temporary));
    }
    assertFalse(Files.exists(temporary), "removed with the sources");
  }
}
