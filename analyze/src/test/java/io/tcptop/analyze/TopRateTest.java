package io.tcptop.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.sql.Database;
import io.tcptop.analyze.sql.ExportSource;
import io.tcptop.analyze.sql.Report;
import io.tcptop.analyze.testing.TestJournals;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 'analyze top --by rate' (top-rate.sql): the peak is the highest rate of any one tick, the
 * average is the bytes over the time of the ticks that moved them, so it is never above the peak.
 */
class TopRateTest {
  @TempDir Path tmp;

  static Stream<Arguments> journals() {
    return TestJournals.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("journals")
  void theAverageRateIsNeverAboveThePeak(String name, Path journal) {
    Path export = tmp.resolve("export");
    Exporter.export(List.of(journal), export, new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    List<double[]> rows = new ArrayList<>();
    long connections;
    double highestTick;
    try (Database db = Database.open(List.of(ExportSource.of(export)))) {
      db.query(new Report("top-rate", Map.of("n", "1000000")).sql(), rs -> {
        while (rs.next()) {
          rows.add(new double[] {rs.getDouble("peak_rate"), rs.getDouble("avg_rate"), rs.getDouble("bytes")});
        }
      });
      long[] n = new long[1];
      double[] max = new double[1];
      db.query("SELECT (SELECT count(*) FROM connections), (SELECT coalesce(max(rate_in + rate_out), 0) FROM bandwidth)",
          rs -> {
            rs.next();
            n[0] = rs.getLong(1);
            max[0] = rs.getDouble(2);
          });
      connections = n[0];
      highestTick = max[0];
    }
    assertEquals(connections, rows.size(), "one row per connection");
    for (double[] r : rows) {
      assertTrue(r[1] <= r[0], name + ": avg_rate " + r[1] + " above peak_rate " + r[0]);
      // Bytes moved in a tick of no length (at the very end) have no rate: neither peak nor average.
      assertEquals(r[0] > 0, r[1] > 0, name + ": a connection with a peak has an average");
      assertTrue(r[0] == 0 || r[2] > 0, name + ": a rate needs bytes");
    }
    double peak = rows.isEmpty() ? 0 : rows.get(0)[0];
    assertTrue(Math.abs(peak - highestTick) <= 0.1 + 1e-9 * highestTick,
        name + ": the first peak_rate " + peak + " is the highest rate of any tick, " + highestTick);
  }
}
