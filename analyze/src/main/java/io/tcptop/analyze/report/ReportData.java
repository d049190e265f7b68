package io.tcptop.analyze.report;

import io.tcptop.analyze.sql.Database;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every number of one report: the rows of each report file, run after the scope on one
 * database. The container chart's rows are there only when some connection in the report has a
 * cgroup (a container, a systemd unit); otherwise {@link #containerLeftOut()} says why not.
 */
public record ReportData(ReportRequest request, Map<ReportQuery, Rows> rows, String containerLeftOut) {

  /** At most this many buckets per chart: enough for any screen, and files stay small. */
  public static final long MAX_BUCKETS = 1_000;

  public static ReportData query(Database db, ReportRequest request) {
    db.execute(ReportQuery.scope(request));
    Map<ReportQuery, Rows> rows = new EnumMap<>(ReportQuery.class);
    Rows header = run(db, ReportQuery.HEADER);
    rows.put(ReportQuery.HEADER, header);
    long buckets = header.longValue(0, "buckets");
    if (buckets > MAX_BUCKETS) {
      throw ReportException.tooManyBuckets(buckets, Display.bucket(header.longValue(0, "bucket_us")), MAX_BUCKETS);
    }
    String leftOut = null;
    for (ReportQuery q : ReportQuery.values()) {
      if (q == ReportQuery.HEADER) {
        continue;
      }
      if (q == ReportQuery.BANDWIDTH_CONTAINER) {
        leftOut = containerLeftOut(db);
        if (leftOut != null) {
          continue;
        }
      }
      rows.put(q, run(db, q));
    }
    Rows containers = rows.get(ReportQuery.BANDWIDTH_CONTAINER);
    if (containers != null && containers.values().stream().allMatch(r -> NO_OWNER.equals(r[containers.column("series")]))) {
      rows.remove(ReportQuery.BANDWIDTH_CONTAINER);
      leftOut = anyCgroup(db) ? "no connection in this report has a cgroup" : NO_ATTRIBUTION;
    }
    return new ReportData(request, rows, leftOut);
  }

  /** The container chart's series for connections without a cgroup (report-scope.sql's report_owner). */
  static final String NO_OWNER = "(none)";
  private static final String NO_ATTRIBUTION = "this recording has no container attribution (it was recorded before "
      + "tcptop knew owners, or on a host without cgroup v2)";

  /** Why the container chart is left out, or null when the recording has the columns. */
  private static String containerLeftOut(Database db) {
    boolean[] has = new boolean[2];
    db.query("SELECT * FROM bandwidth LIMIT 0", rs -> {
      var md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        has[0] |= md.getColumnLabel(i).equals("container");
        has[1] |= md.getColumnLabel(i).equals("cgroup");
      }
    });
    return has[0] && has[1] ? null : NO_ATTRIBUTION;
  }

  /** Whether any connection of the recording, in the report or not, has a cgroup. */
  private static boolean anyCgroup(Database db) {
    boolean[] any = new boolean[1];
    db.query("SELECT EXISTS (SELECT 1 FROM connections WHERE cgroup_id IS NOT NULL OR cgroup IS NOT NULL)", rs -> {
      rs.next();
      any[0] = rs.getBoolean(1);
    });
    return any[0];
  }

  private static Rows run(Database db, ReportQuery q) {
    Rows[] result = new Rows[1];
    db.query(q.sql(), rs -> result[0] = Rows.read(rs));
    return result[0];
  }

  public Rows header() {
    return rows.get(ReportQuery.HEADER);
  }

  public Rows get(ReportQuery q) {
    return rows.get(q);
  }

  public Optional<Rows> container() {
    return Optional.ofNullable(rows.get(ReportQuery.BANDWIDTH_CONTAINER));
  }
}
