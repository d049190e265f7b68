package io.tcptop.analyze.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.sql.Database;
import io.tcptop.analyze.sql.ExportSource;
import io.tcptop.analyze.testing.SyntheticJournal;
import io.tcptop.analyze.testing.TestJournals;
import io.tcptop.event.Proto;
import io.tcptop.stream.FlowFilter;
import io.tcptop.util.Cidr;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's SQL files over real exports: totals add up, windows and filters narrow every part, buckets fit the span. */
class ReportSqlTest {

  @TempDir static Path tmp;
  static Path busy;

  @BeforeAll
  static void exportBusy() {
    busy = export("busy", TestJournals.generated().get("busy"));
  }

  static Path export(String name, Path journal) {
    Path out = tmp.resolve(name + "-export");
    Exporter.export(List.of(journal), out, new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    return out;
  }

  static Database open(Path export) {
    return Database.open(List.of(ExportSource.of(export)));
  }

  static long scalar(Database db, String sql) {
    long[] v = new long[1];
    db.query(sql, rs -> {
      rs.next();
      v[0] = rs.getLong(1);
    });
    return v[0];
  }

  static double sum(Rows rows, String column) {
    double s = 0;
    for (int r = 0; r < rows.size(); r++) {
      Double v = rows.number(r, column);
      s += v == null ? 0 : v;
    }
    return s;
  }

  @Test
  void everyPartAddsUpToTheRecordingsTotals() {
    try (Database db = open(busy)) {
      ReportData data = ReportData.query(db, ReportRequest.everything());
      Rows h = data.header();
      long in = scalar(db, "SELECT sum(bytes_in) FROM connections");
      long out = scalar(db, "SELECT sum(bytes_out) FROM connections");
      assertEquals(in, h.longValue(0, "bytes_in"));
      assertEquals(out, h.longValue(0, "bytes_out"));
      assertEquals(scalar(db, "SELECT count(*) FROM events"), h.longValue(0, "events"));
      assertEquals(scalar(db, "SELECT count(*) FROM connections"), h.longValue(0, "connections"));
      assertEquals(scalar(db, "SELECT sum(lost) FROM events WHERE kind = 'loss'"), h.longValue(0, "lost"));
      for (ReportQuery q : List.of(ReportQuery.BANDWIDTH_PROCESS, ReportQuery.BANDWIDTH_PEER)) {
        Rows rows = data.get(q);
        assertEquals(in, (long) sum(rows, "bucket_in"), q.name());
        assertEquals(out, (long) sum(rows, "bucket_out"), q.name());
      }
      Rows losses = data.get(ReportQuery.LOSSES);
      assertEquals(h.longValue(0, "lost"), (long) sum(losses, "lost"));
      assertEquals(h.longValue(0, "lost"), (long) sum(data.get(ReportQuery.LOSS_INTERVALS), "lost"));
      Rows changes = data.get(ReportQuery.CONNECTIONS);
      assertEquals(scalar(db, "SELECT count(*) FROM connections WHERE NOT partial"), (long) sum(changes, "opened"));
      assertEquals(scalar(db, "SELECT count(*) FROM connections WHERE closed"), (long) sum(changes, "closed"));
      Rows top = data.get(ReportQuery.TOP_CONNECTIONS);
      assertEquals(Math.min(50, h.longValue(0, "connections")), top.size());
      assertEquals(scalar(db, "SELECT max(bytes_in + bytes_out) FROM connections"), top.longValue(0, "bytes"));
    }
  }

  /**
   * The LOSS records come from the losses view; for a session exported before it existed they are
   * found among every record of events, and only then is events read for them.
   */
  @Test
  void theLossesOfAnExportMadeBeforeTheLossesDatasetAreFoundInEvents() throws java.io.IOException {
    Path before = export("busy-before-losses", TestJournals.generated().get("busy"));
    try (var files = java.nio.file.Files.walk(before.resolve("losses"))) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
    Path mixed = export("mixed-losses", TestJournals.generated().get("mixed"));
    ReportData withLosses;
    try (Database db = open(busy)) {
      withLosses = ReportData.query(db, ReportRequest.everything());
      assertFalse(variable(db, "losses_in_events_only"), "every session has its LOSS records in losses");
    }
    try (Database db = open(before)) {
      ReportData data = ReportData.query(db, ReportRequest.everything());
      assertTrue(variable(db, "losses_in_events_only"));
      for (ReportQuery q : List.of(ReportQuery.HEADER, ReportQuery.LOSSES, ReportQuery.LOSS_INTERVALS)) {
        assertEquals(withLosses.get(q).values().stream().map(java.util.Arrays::asList).toList(),
            data.get(q).values().stream().map(java.util.Arrays::asList).toList(), q.name());
      }
    }
    // An export of each kind in one source: each session's records counted once, from where it has them.
    try (Database db = Database.open(List.of(ExportSource.of(before), ExportSource.of(mixed)))) {
      ReportData data = ReportData.query(db, ReportRequest.everything());
      assertTrue(variable(db, "losses_in_events_only"));
      long lost = scalar(db, "SELECT sum(lost) FROM events WHERE kind = 'loss'");
      assertTrue(scalar(db, "SELECT count(DISTINCT session) FROM events WHERE kind = 'loss'") == 2, "both journals lost events");
      assertEquals(lost, data.header().longValue(0, "lost"));
      assertEquals(lost, (long) sum(data.get(ReportQuery.LOSSES), "lost"));
      assertEquals(scalar(db, "SELECT count(*) FROM events WHERE kind = 'loss'"), (long) sum(data.get(ReportQuery.LOSSES), "loss_records"));
    }
  }

  static boolean variable(Database db, String name) {
    boolean[] v = new boolean[1];
    db.query("SELECT getvariable('" + name + "')", rs -> {
      rs.next();
      v[0] = rs.getBoolean(1);
    });
    return v[0];
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> journals() {
    return TestJournals.all().entrySet().stream().map(e -> org.junit.jupiter.params.provider.Arguments.of(e.getKey(), e.getValue()));
  }

  /** The header takes the sessions' totals for a whole recording: they must be the records' own counts. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("journals")
  void theWholeRecordingsTotalsCountItsRecords(String name, Path journal) {
    try (Database db = open(export(name.replace(' ', '-') + "-whole", journal))) {
      Rows whole = ReportData.query(db, ReportRequest.everything()).header();
      assertEquals(scalar(db, "SELECT count(*) FROM events"), whole.longValue(0, "events"), name);
      assertEquals(scalar(db, "SELECT count(*) FROM events WHERE kind IN ('send', 'recv')"), whole.longValue(0, "traffic_events"), name);
      assertEquals(scalar(db, "SELECT coalesce(sum(tick_in), 0) FROM bandwidth"), whole.longValue(0, "bytes_in"), name);
      assertEquals(scalar(db, "SELECT coalesce(sum(tick_out), 0) FROM bandwidth"), whole.longValue(0, "bytes_out"), name);
      // A window around everything counts the same records the long way. (A slice's key frame
      // restates its flows with the times they were described, before the session's start.)
      long start = scalar(db, "SELECT least((SELECT epoch_ns(min(start_ts)) FROM sessions), (SELECT epoch_ns(min(ts)) FROM events))");
      Rows counted = ReportData.query(db, new ReportRequest(null, start, null, null, null, 8)).header();
      assertEquals(whole.longValue(0, "events"), counted.longValue(0, "events"), name);
      assertEquals(whole.longValue(0, "traffic_events"), counted.longValue(0, "traffic_events"), name);
      assertEquals(whole.longValue(0, "bytes_in"), counted.longValue(0, "bytes_in"), name);
    }
  }

  @Test
  void theBusiestSeriesKeepTheirNamesAndTheRestIsOther() {
    try (Database db = open(busy)) {
      ReportData data = ReportData.query(db, new ReportRequest(null, null, null, null, null, 3));
      Rows rows = data.get(ReportQuery.BANDWIDTH_PROCESS);
      Map<String, Double> bytes = new HashMap<>();
      Map<String, Long> ranks = new HashMap<>();
      for (int r = 0; r < rows.size(); r++) {
        bytes.merge(rows.text(r, "series"), rows.number(r, "bucket_in") + rows.number(r, "bucket_out"), Double::sum);
        ranks.put(rows.text(r, "series"), rows.longValue(r, "series_rank"));
      }
      assertEquals(4, bytes.size(), "three processes and other: " + bytes.keySet());
      assertEquals(4L, ranks.get("other"));
      long processes = scalar(db, "SELECT count(DISTINCT (pid, comm)) FROM bandwidth");
      assertTrue(processes > 4, "the journal has more processes than the chart names");
      double third = bytes.entrySet().stream().filter(e -> ranks.get(e.getKey()) == 3).findFirst().orElseThrow().getValue();
      double biggest = scalar(db, "SELECT max(b) FROM (SELECT sum(tick_in + tick_out) AS b FROM bandwidth GROUP BY pid, comm)");
      assertEquals(biggest, bytes.entrySet().stream().filter(e -> ranks.get(e.getKey()) == 1).findFirst().orElseThrow().getValue());
      assertTrue(third >= scalar(db, """
          SELECT b FROM (SELECT sum(tick_in + tick_out) AS b FROM bandwidth GROUP BY pid, comm) ORDER BY b DESC LIMIT 1 OFFSET 3"""));
    }
  }

  @Test
  void theWindowAndTheFiltersNarrowEveryPart() {
    try (Database db = open(busy)) {
      long start = scalar(db, "SELECT epoch_ns(min(start_ts)) FROM sessions");
      long from = start + 3_000_000_000L;
      long to = start + 7_000_000_000L;
      int pid = (int) scalar(db, "SELECT pid FROM connections WHERE proto = 'tcp' GROUP BY pid ORDER BY sum(bytes_in) DESC LIMIT 1");
      var filter = new FlowFilter.Spec(pid, null, null, Proto.TCP, null);
      ReportData data = ReportData.query(db, new ReportRequest(null, from, to, filter, 500_000_000L, 8));
      Rows h = data.header();
      String window = "ts BETWEEN make_timestamp_ns(" + from + ") AND make_timestamp_ns(" + to + ")";
      String matching = "pid = " + pid + " AND proto = 'tcp' AND last_seen >= make_timestamp_ns(" + from
          + ") AND first_seen <= make_timestamp_ns(" + to + ")";
      assertEquals(scalar(db, "SELECT count(*) FROM connections WHERE " + matching), h.longValue(0, "connections"));
      assertEquals(scalar(db, "SELECT sum(tick_in) FROM bandwidth b WHERE " + window + " AND (session, connection) IN "
          + "(SELECT (session, connection) FROM connections WHERE " + matching + ")"), h.longValue(0, "bytes_in"));
      assertEquals(scalar(db, "SELECT count(*) FROM events WHERE " + window + " AND (flow IS NULL OR (pid = " + pid
          + " AND proto = 'tcp'))"), h.longValue(0, "events"));
      assertEquals(500_000L, h.longValue(0, "bucket_us"));
      assertEquals(Instant.ofEpochSecond(from / 1_000_000_000L, from % 1_000_000_000L), h.instant(0, "span_start"));
      Rows process = data.get(ReportQuery.BANDWIDTH_PROCESS);
      assertFalse(process.isEmpty());
      for (int r = 0; r < process.size(); r++) {
        Instant b = process.instant(r, "bucket");
        assertTrue(!b.isBefore(Instant.ofEpochSecond(0, from).minusMillis(500)) && !b.isAfter(Instant.ofEpochSecond(0, to)), b.toString());
      }
      assertEquals(h.longValue(0, "bytes_in"), (long) sum(process, "bucket_in"));
      Rows top = data.get(ReportQuery.TOP_CONNECTIONS);
      for (int r = 0; r < top.size(); r++) {
        assertEquals(pid, top.longValue(r, "pid"));
        assertEquals("tcp", top.text(r, "proto"));
      }
    }
  }

  @Test
  void theBucketIsChosenFromTheSpan() {
    // 10 s, about 10 min, and about 10 h (a one-minute tick) of recording.
    record Case(String name, SyntheticJournal.Spec spec) {}
    var base = SyntheticJournal.Spec.small("span", 11);
    List<Case> cases = List.of(
        new Case("seconds", base.withRecords(3_000).withMeanGap(3_000_000L)),
        new Case("minutes", base.withRecords(3_000).withMeanGap(300_000_000L)),
        new Case("hours", new SyntheticJournal.Spec("span", base.startEpochNs(), 3_000, 12, 60_000_000_000L,
            18_000_000_000L, 0.3, true, 11, true)));
    long[] candidates = {100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 15_000_000, 30_000_000,
        60_000_000, 120_000_000, 300_000_000, 600_000_000, 900_000_000, 1_800_000_000, 3_600_000_000L};
    for (Case c : cases) {
      Path export = export(c.name(), SyntheticJournal.write(tmp.resolve(c.name()), c.spec()));
      try (Database db = open(export)) {
        Rows h = ReportData.query(db, ReportRequest.everything()).header();
        long spanUs = java.time.Duration.between(h.instant(0, "span_start"), h.instant(0, "span_end")).toNanos() / 1_000;
        long tickUs = c.spec().tickNs() / 1_000;
        long expected = 0;
        for (long b : candidates) {
          if (b >= tickUs && b * 200 >= spanUs) {
            expected = b;
            break;
          }
        }
        assertEquals(expected, h.longValue(0, "bucket_us"), c.name() + ": span " + spanUs + " us");
        long buckets = h.longValue(0, "buckets");
        assertTrue(buckets <= 201 && buckets >= (c.name().equals("seconds") ? 5 : 40), c.name() + ": " + buckets + " buckets");
      }
    }
  }

  @Test
  void peersBecomeNetworksWhenThereAreMany() {
    try (Database db = open(busy)) {
      long peers = scalar(db, "SELECT count(DISTINCT remote_addr) FROM connections");
      assertTrue(peers > 32, "the busy journal has many peers: " + peers);
      Rows networks = ReportData.query(db, ReportRequest.everything()).get(ReportQuery.BANDWIDTH_PEER);
      for (int r = 0; r < networks.size(); r++) {
        String s = networks.text(r, "series");
        assertTrue(s.equals("other") || s.matches("\\d+\\.\\d+\\.\\d+\\.0/24") || s.endsWith("::/64"), s);
      }
      db.execute("SET VARIABLE peer_cidr_above = " + peers);
      Rows addresses = ReportData.query(db, ReportRequest.everything()).get(ReportQuery.BANDWIDTH_PEER);
      for (int r = 0; r < addresses.size(); r++) {
        String s = addresses.text(r, "series");
        assertTrue(s.equals("other") || !s.contains("/"), s);
      }
    }
  }

  @Test
  void ipv6PeersAreGroupedByTheirSlash64() {
    try (Database db = open(busy)) {
      db.execute(ReportQuery.scope(ReportRequest.everything()) + "\nSET VARIABLE peer_cidr = true;");
      Map<String, String> expected = Map.of(
          "2001:db8::1", "2001:db8::/64",
          "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64",
          "fe80::1:2:3:4:5", "fe80:0:0:1::/64",
          "2001:0:0:1::5", "2001:0:0:1::/64",
          "::1", "::/64",
          "::ffff:10.1.2.3", "10.1.2.0/24",
          "192.168.7.200", "192.168.7.0/24");
      for (var e : expected.entrySet()) {
        String[] got = new String[1];
        db.query("SELECT report_peer('" + e.getKey() + "')", rs -> {
          rs.next();
          got[0] = rs.getString(1);
        });
        assertEquals(e.getValue(), got[0], e.getKey());
      }
    }
  }

  @Test
  void theContainerChartIsLeftOutWithoutCgroupsAndShowsEachContainerOrUnitWithThem() {
    try (Database db = open(busy)) {
      ReportData plain = ReportData.query(db, ReportRequest.everything());
      assertTrue(plain.container().isEmpty());
      assertTrue(plain.containerLeftOut().startsWith("this recording has no container attribution"), plain.containerLeftOut());
      assertTrue(HtmlPage.render(plain).contains("Left out: this recording has no container attribution"));
    }
    try (Database db = open(export("containers-chart", TestJournals.fixtures().get("fixture containers")))) {
      ReportData attributed = ReportData.query(db, ReportRequest.everything());
      assertNull(attributed.containerLeftOut());
      Rows containers = attributed.container().orElseThrow();
      Map<String, Long> bytes = new HashMap<>();
      for (int r = 0; r < containers.size(); r++) {
        bytes.merge(containers.text(r, "series"), containers.longValue(r, "bucket_in") + containers.longValue(r, "bucket_out"), Long::sum);
      }
      // The fixture's owners: a docker container, a containerd container in a pod, a user's session
      // (a systemd scope), and a cgroup removed before it was named (no path: "(none)").
      String owned = "SELECT coalesce(sum(tick_in + tick_out), 0) FROM bandwidth WHERE ";
      assertEquals(Map.of(
          "3f2a1b9c0d1e", scalar(db, owned + "starts_with(container, '3f2a1b9c0d1e')"),
          "9b1c2d3e4f5a", scalar(db, owned + "starts_with(container, '9b1c2d3e4f5a')"),
          "session-3.scope", scalar(db, owned + "cgroup = '/user.slice/user-1000.slice/session-3.scope'"),
          "(none)", scalar(db, owned + "cgroup IS NULL")), bytes);
      assertEquals(attributed.header().longValue(0, "bytes_in"), (long) sum(containers, "bucket_in"));
      String page = HtmlPage.render(attributed);
      assertTrue(page.contains("<div class=\"plot\" data-chart=\"container\">"));
      assertTrue(page.contains("Bandwidth by container or unit"));

      // The connection whose cgroup was removed before it was named, alone: the chart has nobody to show.
      ReportData unnamed = ReportData.query(db, new ReportRequest(null, null, null,
          new FlowFilter.Spec(null, "psql", null, null, null), null, 8));
      assertTrue(unnamed.container().isEmpty());
      assertEquals("no connection in this report has a cgroup", unnamed.containerLeftOut());
    }
  }

  /** The same process and endpoints in two containers' namespaces are two RTT series, named by their namespace. */
  @Test
  void theSameEndpointsInTwoNamespacesAreTwoRttSeries() {
    try (Database db = open(export("containers-rtt", TestJournals.fixtures().get("fixture containers")))) {
      Rows rtt = ReportData.query(db, ReportRequest.everything()).get(ReportQuery.RTT);
      java.util.Set<String> series = new java.util.TreeSet<>();
      for (int r = 0; r < rtt.size(); r++) {
        series.add(rtt.text(r, "series"));
      }
      assertEquals(java.util.Set.of("curl 127.0.0.1:40000 > 127.0.0.1:8080 (netns 4026532301)",
          "curl 127.0.0.1:40000 > 127.0.0.1:8080 (netns 4026532302)", "- 10.0.0.5:22 > 192.0.2.99:60000"), series);
    }
  }

  /** --cgroup, --container and --netns narrow every part of the report to the connections whose latest owner passes. */
  @Test
  void theOwnerFiltersNarrowTheReportToTheConnectionsTheyKeep() {
    try (Database db = open(export("containers-filters", TestJournals.fixtures().get("fixture containers")))) {
      Map<FlowFilter.Spec, String> filters = Map.of(
          new FlowFilter.Spec(null, null, null, null, null, null, "9b1c", null), "starts_with(container, '9b1c')",
          new FlowFilter.Spec(null, null, null, null, null, "/system.slice", null, null),
          "(cgroup = '/system.slice' OR starts_with(cgroup, '/system.slice/'))",
          new FlowFilter.Spec(null, null, null, null, null, "/", null, null), "cgroup IS NOT NULL",
          new FlowFilter.Spec(null, null, null, null, null, null, null, 4026532301L), "netns = 4026532301",
          new FlowFilter.Spec(null, "curl", null, null, null, null, null, 4026532302L), "comm = 'curl' AND netns = 4026532302");
      long all = scalar(db, "SELECT count(*) FROM connections");
      for (var f : filters.entrySet()) {
        ReportData data = ReportData.query(db, new ReportRequest(null, null, null, f.getKey(), null, 8));
        Rows h = data.header();
        long kept = scalar(db, "SELECT count(*) FROM connections WHERE " + f.getValue());
        assertTrue(kept > 0 && kept < all, f.getValue() + ": " + kept);
        assertEquals(kept, h.longValue(0, "connections"), f.getValue());
        assertEquals(scalar(db, "SELECT coalesce(sum(tick_in), 0) FROM bandwidth WHERE (session, connection) IN "
            + "(SELECT (session, connection) FROM connections WHERE " + f.getValue() + ")"), h.longValue(0, "bytes_in"), f.getValue());
        assertEquals(h.longValue(0, "bytes_in"), (long) sum(data.get(ReportQuery.BANDWIDTH_PROCESS), "bucket_in"), f.getValue());
        assertEquals(scalar(db, "SELECT count(*) FROM events WHERE flow IS NULL OR (" + f.getValue() + ")"),
            h.longValue(0, "events"), f.getValue());
        assertEquals(kept, data.get(ReportQuery.TOP_CONNECTIONS).size(), f.getValue());
        assertTrue(HtmlPage.render(data).contains(Html.text(f.getKey().describe())), "the header names the filter");
      }
    }
  }

  @Test
  void tooManyBucketsAreRefused() {
    try (Database db = open(busy)) {
      var e = org.junit.jupiter.api.Assertions.assertThrows(ReportException.class,
          () -> ReportData.query(db, new ReportRequest(null, null, null, null, 1_000_000L, 8)));
      assertTrue(e.getMessage().startsWith("--bucket 1ms makes "), e.getMessage());
    }
  }

  static int family(String address) {
    return address.indexOf(':') >= 0 ? 6 : 4;
  }

  @Test
  void theAddressFilterTakesTheConnectionsReplaysFilterTakes() {
    Map<String, List<String>> blocks = Map.of(
        "fixture many-connections", List.of("172.16.1.0/24", "172.16.0.0/12", "172.16.2.55", "fd00::/16", "fd00::1:0/120",
            "fd00::1:b8", "0.0.0.0/0", "::/0", "10.0.0.0/8"),
        "fixture tcp-v6", List.of("127.0.0.0/8", "::ffff:127.0.0.0/104", "::1", "::1/128", "2001:db8::/32", "2001:db8:0:1::/64",
            "2001:db8::1:0:0:1", "0.0.0.0/0", "::/0"),
        "fixture tcp-v4", List.of("10.0.0.0/8", "127.0.0.1", "0.0.0.0/0", "::/0"));
    long matched = 0;
    for (var e : blocks.entrySet()) {
      try (Database db = open(export(e.getKey().replace("fixture ", "") + "-address", TestJournals.fixtures().get(e.getKey())))) {
        List<String[]> connections = new java.util.ArrayList<>();
        db.query("SELECT local_addr, remote_addr, bytes_in FROM connections", rs -> {
          while (rs.next()) {
            connections.add(new String[] {rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3))});
          }
        });
        for (String block : e.getValue()) {
          Cidr cidr = Cidr.parse(block);
          List<String[]> expected = connections.stream()
              .filter(c -> cidr.contains(c[0], family(c[0])) || cidr.contains(c[1], family(c[1]))).toList();
          Rows h = ReportData.query(db, new ReportRequest(null, null, null,
              new FlowFilter.Spec(null, null, null, null, cidr), null, 8)).header();
          assertEquals(expected.size(), h.longValue(0, "connections"), e.getKey() + " --address " + block);
          assertEquals(expected.stream().mapToLong(c -> Long.parseLong(c[2])).sum(), h.longValue(0, "bytes_in"),
              e.getKey() + " --address " + block);
          matched += expected.size();
          if (!expected.isEmpty() && expected.size() < connections.size()) {
            matched += 1_000_000;
          }
        }
      }
    }
    assertTrue(matched > 5_000_000, "several blocks took some connections and left others: " + matched);
  }
}
