package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.sql.Sources;
import io.tcptop.analyze.testing.TestJournals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canned reports and the sql command, over an export and straight over journals. */
class ReportsTest {

  @TempDir static Path tmp;
  static Path export;
  static String busy;

  @BeforeAll
  static void exportBusy() {
    busy = TestJournals.generated().get("busy").toString();
    export = tmp.resolve("export");
    Exporter.export(List.of(Path.of(busy)), export, new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
  }

  @Test
  void topByBytesListsTheLargestConnectionsFirst() {
    var r = Cli.analyze("top", export.toString(), "--by", "bytes", "-n", "5", "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.outLines();
    assertEquals("host,proto,local,remote,pid,comm,bytes_in,bytes_out,bytes,first_seen,last_seen", lines.get(0));
    assertEquals(6, lines.size());
    var expected = Cli.analyze("sql", export.toString(),
        "SELECT bytes_in + bytes_out AS b FROM connections ORDER BY b DESC LIMIT 5", "--format", "csv").outLines();
    List<String> bytes = new ArrayList<>();
    bytes.add("b");
    for (String l : lines.subList(1, 6)) {
      String[] f = l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
      bytes.add(f[8]);
      assertTrue(f[9].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z"), f[9]);
    }
    assertEquals(expected, bytes);
  }

  @ParameterizedTest(name = "--by {0}")
  @ValueSource(strings = {"bytes", "rate", "rtt", "lifetime"})
  void everyTopOrderingRunsOnAJournalDirectly(String by) {
    var r = Cli.analyze("top", busy, "--by", by, "-n", "3");
    assertEquals(0, r.exit(), r.err());
    assertEquals(5, r.outLines().size(), r.out());
    assertTrue(r.outLines().get(1).matches("-+( +-+)+"), r.out());
  }

  @Test
  void timelineBytesAddUpToTheConnectionsTotals() {
    String total = Cli.analyze("sql", export.toString(), "SELECT sum(bytes_in + bytes_out) FROM connections", "--format", "csv")
        .outLines().get(1);
    for (String by : List.of("process", "connection")) {
      var r = Cli.analyze("timeline", export.toString(), "--by", by, "--bucket", "2s", "--format", "jsonl");
      assertEquals(0, r.exit(), r.err());
      long sum = 0;
      for (String line : r.outLines()) {
        var m = java.util.regex.Pattern.compile("\"bucket_bytes\":(\\d+)").matcher(line);
        assertTrue(m.find(), line);
        sum += Long.parseLong(m.group(1));
        assertTrue(line.startsWith("{\"bucket\":\"2026-11-18T"), line);
      }
      assertEquals(Long.parseLong(total), sum, by);
    }
  }

  @Test
  void summaryDescribesTheRecording() {
    var r = Cli.analyze("summary", export.toString());
    assertEquals(0, r.exit(), r.err());
    String out = r.out();
    for (String title : List.of("Overview", "Sessions", "Records by kind", "Losses", "Connections", "Top processes by bytes")) {
      assertTrue(out.lines().anyMatch(title::equals), "section " + title + " in:\n" + out);
    }
    assertTrue(out.contains(" records:              30000"), out);
    assertTrue(out.contains(" hosts:                web-02"), out);
  }

  @Test
  void printSqlShowsTheDocumentedFileWithTheCommandLinesParameters() {
    var r = Cli.analyze("top", "--by", "rtt", "-n", "7", "--print-sql");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("SET VARIABLE n = 7;\n\n-- top-rtt.sql:"), r.out());
    var t = Cli.analyze("timeline", "--bucket", "250ms", "--print-sql");
    assertTrue(t.out().startsWith("SET VARIABLE bucket = to_microseconds(250000);"), t.out());
    var s = Cli.analyze("summary", "--print-sql");
    assertTrue(s.out().contains("-- section: Overview"), s.out());
  }

  @Test
  void sqlPrintsTablesCsvAndJsonl() {
    String q = "SELECT 'a,b' AS s, 1::BIGINT AS n, 2.5::DOUBLE AS d, NULL::INTEGER AS z, true AS t, "
        + "make_timestamp_ns(1795651200123456789) AS ts";
    assertEquals(List.of("s,n,d,z,t,ts", "\"a,b\",1,2.5,,true,2026-11-26T00:00:00.123456789Z"),
        Cli.analyze("sql", export.toString(), q, "--format", "csv").outLines());
    assertEquals(List.of("{\"s\":\"a,b\",\"n\":1,\"d\":2.5,\"z\":null,\"t\":true,\"ts\":\"2026-11-26T00:00:00.123456789Z\"}"),
        Cli.analyze("sql", export.toString(), q, "--format", "jsonl").outLines());
    assertEquals(List.of(
        "s    n  d    z     t     ts",
        "---  -  ---  ----  ----  -----------------------------",
        "a,b  1  2.5  NULL  true  2026-11-26 00:00:00.123456789"),
        Cli.analyze("sql", export.toString(), q).outLines());
  }

  @Test
  void aGlobCombinesJournalsAndExports() {
    Path dir = TestJournals.generated().get("mixed").getParent();
    var r = Cli.analyze("sql", dir + "/*", "SELECT count(*) AS sessions FROM sessions", "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of("sessions", Integer.toString(TestJournals.generated().size())), r.outLines());
  }

  @Test
  void journalsExportedOnTheFlyAreCleanedUp() throws Exception {
    Path parent = java.nio.file.Files.createDirectories(tmp.resolve("scratch"));
    try (Sources s = Sources.resolve(busy, Progress.NONE, parent)) {
      assertEquals(1, s.exports().size());
      assertTrue(Files.exists(s.exports().get(0).dir().resolve("_SUCCESS")));
    }
    try (Stream<Path> left = Files.list(parent)) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void tablesShowSizesRatesAndRttsInReplaysUnitsAndCsvKeepsRawNumbers() {
    String q = "SELECT 2048::BIGINT AS bytes, 500::BIGINT AS bytes_in, 1536.0::DOUBLE AS rate_out, 3145728.4::DOUBLE AS peak_rate, "
        + "5000::INTEGER AS rtt_us, 850.4::DOUBLE AS rtt_avg_us, 19603200::HUGEINT AS bucket_bytes, 7::BIGINT AS tick_out, "
        + "123456::BIGINT AS connections, 'x' AS bytes_text, NULL::BIGINT AS bytes_out";
    assertEquals(List.of(
        "bytes  bytes_in  rate_out  peak_rate  rtt_us  rtt_avg_us  bucket_bytes  tick_out  connections  bytes_text  bytes_out",
        "-----  --------  --------  ---------  ------  ----------  ------------  --------  -----------  ----------  ---------",
        " 2.0K      500B   1.5KB/s    3.0MB/s   5.0ms       850us         18.7M        7B       123456  x                NULL"),
        Cli.analyze("sql", export.toString(), q).outLines());
    assertEquals(List.of("bytes,bytes_in,rate_out,peak_rate,rtt_us,rtt_avg_us,bucket_bytes,tick_out,connections,bytes_text,bytes_out",
        "2048,500,1536,3145728.4,5000,850.4,19603200,7,123456,x,"),
        Cli.analyze("sql", export.toString(), q, "--format", "csv").outLines());
  }

  @Test
  void reportTablesShowUnits() {
    var table = Cli.analyze("top", export.toString(), "--by", "bytes", "-n", "3");
    var csv = Cli.analyze("top", export.toString(), "--by", "bytes", "-n", "3", "--format", "csv");
    String[] raw = csv.outLines().get(1).split(",");
    String row = table.outLines().get(2);
    assertTrue(row.contains(" " + io.tcptop.view.Units.size(Long.parseLong(raw[8])) + "  "), table.out() + "\n" + csv.out());
    assertTrue(Long.parseLong(raw[8]) >= 1024, "large enough to show a unit: " + raw[8]);
    var rate = Cli.analyze("top", export.toString(), "--by", "rate", "-n", "3");
    assertTrue(rate.outLines().get(2).matches(".*\\d+(\\.\\d)?[KMG]?B/s .*"), rate.out());
    var rtt = Cli.analyze("top", export.toString(), "--by", "rtt", "-n", "3");
    assertTrue(rtt.outLines().get(2).matches(".*\\d+(us|\\.\\dms|\\.\\ds) .*"), rtt.out());
  }
}
