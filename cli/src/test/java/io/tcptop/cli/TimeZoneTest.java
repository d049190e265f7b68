package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.testing.TestJournals;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --tz: times printed, and times of day given, in a zone of the user's choice; UTC by default. */
class TimeZoneTest {
  static final String J = CommandLineTest.FIXTURES.resolve("tcp-v4").toString(); // 2026-11-20, 10:00 UTC

  private static Cli.Result ok(Cli.Result r) {
    assertEquals(0, r.exit(), r.err());
    return r;
  }

  @Test
  void utcIsTheDefault() {
    assertEquals(ok(Cli.run("replay", J)).out(), ok(Cli.run("replay", J, "--tz", "UTC")).out());
    assertEquals(ok(Cli.run("replay", J, "--format", "jsonl")).out(),
        ok(Cli.run("replay", J, "--format", "jsonl", "--tz", "utc")).out());
  }

  @Test
  void theTextViewsClockIsInTheZone() {
    List<String> utc = ok(Cli.run("replay", J)).outLines();
    List<String> berlin = ok(Cli.run("replay", J, "--tz", "Europe/Berlin")).outLines();
    assertEquals(utc.size(), berlin.size());
    assertEquals(utc.get(0), berlin.get(0), "the header");
    for (int i = 1; i < utc.size(); i++) {
      assertTrue(utc.get(i).startsWith("10:00:0"), utc.get(i));
      assertEquals("11" + utc.get(i).substring(2), berlin.get(i), "CET is UTC+1 in November");
    }
  }

  @Test
  void jsonlAndCsvTimestampsCarryTheZonesOffset() {
    for (String format : List.of("jsonl", "csv")) {
      List<String> utc = ok(Cli.run("replay", J, "--format", format)).outLines();
      List<String> india = ok(Cli.run("replay", J, "--format", format, "--tz", "Asia/Kolkata")).outLines();
      assertEquals(utc.size(), india.size());
      for (int i = format.equals("csv") ? 1 : 0; i < utc.size(); i++) {
        String u = ts(utc.get(i));
        String k = ts(india.get(i));
        assertTrue(u.endsWith("Z"), u);
        assertTrue(k.endsWith("+05:30"), k);
        assertEquals(OffsetDateTime.parse(u).toInstant(), OffsetDateTime.parse(k).toInstant());
        assertEquals(utc.get(i).replace(u, ""), india.get(i).replace(k, ""), "only the timestamp differs");
      }
    }
  }

  private static String ts(String line) {
    return line.startsWith("{") ? line.substring(7, line.indexOf('"', 7)) : line.substring(0, line.indexOf(','));
  }

  @Test
  void timesOfDayAreReadInTheZone() {
    String utc = ok(Cli.run("replay", J, "--format", "csv", "--from", "10:00:02", "--to", "10:00:02")).out();
    assertTrue(utc.lines().count() > 1, utc);
    assertEquals(utc, ok(Cli.run("replay", J, "--format", "csv", "--tz", "Europe/Berlin",
        "--from", "11:00:02", "--to", "11:00:02")).out().replace("+01:00", "Z").replace("T11:", "T10:"));
    assertEquals(utc, ok(Cli.run("replay", J, "--format", "csv", "--tz", "-03:00",
        "--from", "2026-11-20T07:00:02", "--to", "07:00:02")).out().replace("-03:00", "Z").replace("T07:", "T10:"));
  }

  @Test
  void localIsTheMachinesZone() throws Exception {
    Cli.Result r = TcptopProcess.run(Map.of("TZ", "America/New_York"), "replay", J, "--tz", "local", "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.outLines().get(1).startsWith("2026-11-20T05:00:01.000000000-05:00,"), r.out());
  }

  @Test
  void analyzeTablesCsvAndJsonlShowTheZone() {
    String journal = TestJournals.generated().get("mixed").toString();
    String q = "SELECT make_timestamp_ns(1795651200123456789) AS ts, make_timestamp(1795651200123456) AS us";
    assertEquals(List.of("ts,us", "2026-11-26T05:30:00.123456789+05:30,2026-11-26T05:30:00.123456+05:30"),
        ok(Cli.analyze("sql", journal, q, "--format", "csv", "--tz", "+05:30")).outLines());
    assertEquals(List.of("{\"ts\":\"2026-11-25T19:00:00.123456789-05:00\",\"us\":\"2026-11-25T19:00:00.123456-05:00\"}"),
        ok(Cli.analyze("sql", journal, q, "--format", "jsonl", "--tz", "America/New_York")).outLines());
    assertEquals("2026-11-26 01:00:00.123456789  2026-11-26 01:00:00.123456",
        ok(Cli.analyze("sql", journal, q, "--tz", "Europe/Berlin")).outLines().get(2));
    assertEquals("2026-11-26T00:00:00.123456789Z,2026-11-26T00:00:00.123456Z",
        ok(Cli.analyze("sql", journal, q, "--format", "csv")).outLines().get(1));
  }

  @Test
  void reportsTakeTheZoneToo() {
    String journal = TestJournals.generated().get("mixed").toString();
    String utc = ok(Cli.analyze("summary", journal)).out();
    String tokyo = ok(Cli.analyze("summary", journal, "--tz", "Asia/Tokyo")).out();
    String start = utc.lines().filter(l -> l.startsWith(" start:")).findFirst().orElseThrow();
    String startTokyo = tokyo.lines().filter(l -> l.startsWith(" start:")).findFirst().orElseThrow();
    assertEquals(java.time.LocalDateTime.parse(start.substring(start.indexOf("20")).replace(' ', 'T')).plusHours(9),
        java.time.LocalDateTime.parse(startTokyo.substring(startTokyo.indexOf("20")).replace(' ', 'T')));
    Cli.Result top = ok(Cli.analyze("top", journal, "--format", "csv", "--tz", "+02:00"));
    assertTrue(top.outLines().get(1).matches(".*,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}\\+02:00,.*"), top.out());
  }

  @Test
  void anUnknownZoneIsAOneLineUsageError() {
    CommandLineTest.assertUsageError(Cli.run("replay", J, "--tz", "Mars/Olympus"), "tcptop replay", "unknown time zone 'Mars/Olympus'");
    CommandLineTest.assertUsageError(Cli.analyze("top", J, "--tz", "CEST+"), "tcptop analyze top", "unknown time zone");
  }
}
