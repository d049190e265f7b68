package io.tcptop.analyze.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.EventRowSet;
import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.sql.Database;
import io.tcptop.analyze.sql.ExportSource;
import io.tcptop.analyze.sql.Sources;
import io.tcptop.analyze.testing.TestJournals;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A report of a whole journal exports only the RTT samples as events rows (EventRowSet): every
 * part of it must still be what the report of the journal's full export says.
 */
class ReportFromJournalTest {

  @TempDir Path tmp;

  static Stream<Arguments> journals() {
    return TestJournals.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("journals")
  void aReportOfTheRttSamplesOnlyIsTheReportOfTheFullExport(String name, Path journal) {
    Path full = tmp.resolve("full");
    Exporter.export(List.of(journal), full, new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    Map<String, List<List<Object>>> expected;
    long fullEvents;
    try (Database db = Database.open(List.of(ExportSource.of(full)))) {
      expected = parts(ReportData.query(db, ReportRequest.everything()));
      fullEvents = count(db, "SELECT count(*) FROM events");
    }
    try (Sources sources = Sources.resolve(journal.toString(), Progress.NONE, tmp, EventRowSet.RTT_SAMPLES);
        Database db = Database.open(sources.exports())) {
      assertEquals(expected, parts(ReportData.query(db, ReportRequest.everything())));
      long slimEvents = count(db, "SELECT count(*) FROM events");
      assertEquals(slimEvents, count(db, "SELECT count(*) FROM events WHERE rtt_us IS NOT NULL"), "only RTT samples");
      assertTrue(slimEvents < fullEvents, slimEvents + " of " + fullEvents + " events rows written");
    }
  }

  private static Map<String, List<List<Object>>> parts(ReportData data) {
    Map<String, List<List<Object>>> parts = new TreeMap<>();
    data.rows().forEach((q, rows) -> parts.put(q.shortName(), rows.values().stream().map(Arrays::asList).toList()));
    parts.put("container left out", List.of(Arrays.asList(data.containerLeftOut())));
    return parts;
  }

  private static long count(Database db, String sql) {
    long[] n = new long[1];
    db.query(sql, rs -> {
      rs.next();
      n[0] = rs.getLong(1);
    });
    return n[0];
  }
}
