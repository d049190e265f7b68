package io.tcptop.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.sql.ExportSource;
import io.tcptop.analyze.sql.OwnerFilter;
import io.tcptop.analyze.sql.Report;
import io.tcptop.analyze.sql.Views;
import io.tcptop.analyze.testing.Duck;
import io.tcptop.analyze.testing.TestJournals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner columns of an export (the fixture 'containers', format 3): what flows, connections
 * and bandwidth say of cgroups, containers, pods and namespaces, the reports by container and by
 * cgroup, the owner filters, and an export written before the owner columns read with them empty.
 */
class OwnerColumnsTest {
  static final String DOCKER = "3f2a1b9c0d1e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c";
  static final String CRI = "9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e";
  static final String POD = "5e1c7d2a-8f3b-4c6d-9e0a-1b2c3d4e5f60";

  @TempDir Path tmp;

  Path export() {
    Path out = tmp.resolve("export");
    Exporter.export(List.of(TestJournals.fixtures().get("fixture containers")), out,
        new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    return out;
  }

  Duck views(Path export, OwnerFilter filter) {
    Duck db = new Duck();
    db.execute(Views.sql(List.of(new ExportSource(export, List.of())), filter));
    return db;
  }

  @Test
  void flowsAndConnectionsCarryTheOwnersCgroupContainerPodAndNamespace() {
    try (Duck db = views(export(), OwnerFilter.NONE)) {
      List<Map<String, Object>> rows = db.rows("SELECT comm, cgroup_id, runtime, container, pod, netns, bytes_in, bytes_out"
          + " FROM connections ORDER BY connection");
      assertEquals(7, rows.size());
      Map<String, Object> api = rows.stream().filter(r -> "java".equals(r.get("comm"))).findFirst().orElseThrow();
      assertEquals(List.of(8002L, "containerd", CRI, POD, 4026532302L, 7000L, 512L), List.of(api.get("cgroup_id"),
          api.get("runtime"), api.get("container"), api.get("pod"), api.get("netns"), api.get("bytes_in"), api.get("bytes_out")));
      Map<String, Object> gone = rows.stream().filter(r -> "psql".equals(r.get("comm"))).findFirst().orElseThrow();
      assertEquals(8005L, gone.get("cgroup_id"), "a cgroup removed before it was named keeps its id");
      assertNull(gone.get("runtime"));
      assertEquals(8, db.count("SELECT count(*) FROM flows"), "7 flows, one described again for its new owner");
      assertEquals("/user.slice/user-1000.slice/session-3.scope", db.value(
          "SELECT cgroup FROM flows WHERE comm = 'bash'"));
      assertEquals(2, db.count("SELECT count(DISTINCT netns) FROM bandwidth WHERE local_port = 8080"),
          "the same port in two namespaces");
      assertEquals(0, db.count("SELECT count(*) FROM events WHERE kind = 'send' AND (cgroup IS NULL) AND pid <> 0"
          + " AND comm <> 'psql'"), "every send of an owned flow has its cgroup");
    }
  }

  @Test
  void topByContainerAndByCgroupAddUpTheirConnectionsBytes() {
    try (Duck db = views(export(), OwnerFilter.NONE)) {
      List<Map<String, Object>> byContainer = db.rows(new Report("top-container", Map.of("n", "10")).sql());
      assertEquals(List.of(CRI, DOCKER), byContainer.stream().limit(2).map(r -> r.get("container")).toList());
      assertEquals(List.of(15_024L, 4_306L, 1_874L), longs(byContainer, "bytes"));
      assertEquals(List.of(2L, 2L, 3L), longs(byContainer, "connections"));
      assertNull(byContainer.get(2).get("container"), "what no container owns is one row");
      assertEquals(POD, byContainer.get(0).get("pod"));

      List<Map<String, Object>> byCgroup = db.rows(new Report("top-cgroup", Map.of("n", "10")).sql());
      assertEquals(List.of(15_024L, 4_306L, 1_810L, 64L, 0L), longs(byCgroup, "bytes"));
      assertEquals("/user.slice/user-1000.slice/session-3.scope", byCgroup.get(2).get("cgroup"),
          "a connection counts under its last owner's cgroup");
      assertEquals(8005L, byCgroup.get(3).get("cgroup_id"));

      db.execute("SET VARIABLE bucket = to_microseconds(1000000)");
      long timelineTotal = db.count("SELECT sum(bucket_bytes)::BIGINT FROM (" + stripSet(new Report("timeline-container",
          Map.of()).sql()) + ") WHERE container = '" + DOCKER + "'");
      assertEquals(4_306L, timelineTotal, "the timeline's buckets add up to the container's bytes");
    }
  }

  @Test
  void ownerFiltersKeepTheirFlowsConnectionsLinesAndRecordsOnly() {
    Path out = export();
    try (Duck all = views(out, OwnerFilter.NONE);
         Duck docker = views(out, new OwnerFilter(null, "3f2a", null));
         Duck slice = views(out, new OwnerFilter("/kubepods.slice", null, null));
         Duck netns = views(out, new OwnerFilter(null, null, 4026532301L));
         Duck none = views(out, new OwnerFilter("/system", null, null))) {
      for (Duck db : List.of(docker, netns)) {
        assertEquals(List.of("curl", "httpd"), db.rows("SELECT comm FROM connections ORDER BY comm").stream()
            .map(r -> r.get("comm")).toList());
        assertEquals(4_306L, db.count("SELECT sum(bytes_in + bytes_out) FROM connections"));
        assertEquals(4_306L, db.count("SELECT sum(tick_in + tick_out) FROM bandwidth"));
        assertEquals(4_306L, db.count("SELECT sum(bytes) FROM events WHERE kind IN ('send', 'recv')"));
      }
      assertEquals(List.of("curl", "java"), slice.rows("SELECT comm FROM connections ORDER BY comm").stream()
          .map(r -> r.get("comm")).toList());
      assertEquals(0, none.count("SELECT count(*) FROM connections"), "/system is no prefix of /system.slice");
      assertEquals(all.count("SELECT count(*) FROM events WHERE kind IN ('start', 'tick', 'end')"),
          none.count("SELECT count(*) FROM events"), "records of no flow stay");
    }
  }

  @Test
  void anExportWrittenBeforeTheOwnerColumnsReadsThemAsNull() throws IOException {
    Path old = tmp.resolve("before-owners");
    copy(Path.of("src/test/resources/io/tcptop/analyze/export-before-owners"), old);
    Path current = tmp.resolve("current");
    Exporter.export(List.of(TestJournals.fixtures().get("fixture tcp-v4")), current,
        new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    try (Duck a = new Duck(); Duck b = new Duck()) {
      a.execute(Views.sql(List.of(new ExportSource(old, List.of()))));
      b.execute(Views.sql(List.of(new ExportSource(current, List.of()))));
      String rows = "SELECT proto, local_port, remote_port, pid, comm, bytes_in, bytes_out, cgroup, container, netns"
          + " FROM connections ORDER BY connection";
      assertEquals(b.rows(rows), a.rows(rows), "the same journal exported before and after the owner columns");
      assertEquals(0, a.count("SELECT count(*) FROM bandwidth WHERE cgroup IS NOT NULL OR netns IS NOT NULL"));
      assertEquals(2, a.value("SELECT DISTINCT schema_version FROM sessions"));
      assertTrue(a.count("SELECT count(*) FROM flows WHERE runtime IS NULL AND pod IS NULL") > 0);
    }
  }

  /** A column of numbers (DuckDB sums to HUGEINT) as longs. */
  static List<Long> longs(List<Map<String, Object>> rows, String column) {
    return rows.stream().map(r -> ((Number) r.get(column)).longValue()).toList();
  }

  /** A report's query without its SET VARIABLE lines, as a subquery (the variables are set first). */
  static String stripSet(String sql) {
    return sql.lines().filter(l -> !l.startsWith("SET VARIABLE") && !l.startsWith("--")).reduce("", (x, y) -> x + y + "\n")
        .strip().replaceAll(";$", "");
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
