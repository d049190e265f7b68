package io.tcptop.analyze.export;

import io.tcptop.analyze.AnalyzeException;
import io.tcptop.analyze.sql.DuckDbErrors;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.duckdb.DuckDBDriver;

/**
 * Finds two sessions of one host whose times overlap: two dumps or slices of one recording whose
 * windows overlap hold the same events, and a root holding both would count them twice, which no
 * session id can tell (each dump is a session of its own). Windows that only touch do not overlap:
 * consecutive dumps share the tick at their border (one ends with it, the next restarts from it).
 */
final class SessionOverlap {
  private SessionOverlap() {}

  /** Two sessions that overlap, as their {@code sessions} rows name them. */
  record Overlap(String added, String present, String host, String from, String to) {}

  /**
   * The first overlap between a session of {@code added} and one of {@code added} or
   * {@code present} (the {@code sessions} files of each), or null.
   */
  static Overlap first(List<Path> added, List<Path> present) {
    if (added.isEmpty()) {
      return null;
    }
    String all = files(present.isEmpty() ? added : concat(added, present));
    // A session's traffic lies between its first and its last tick (start_ts, end_ts); what is
    // after end_ts (last_ts) is its closing records. A session without an end tick ends at last_ts.
    String span = "SELECT session, host, start_ts AS t0, coalesce(end_ts, last_ts) AS t1 FROM read_parquet(";
    String sql = "SELECT a.session, b.session, a.host, greatest(a.t0, b.t0)::VARCHAR, least(a.t1, b.t1)::VARCHAR "
        + "FROM (" + span + files(added) + ")) a, (" + span + all + ")) b "
        + "WHERE a.host = b.host AND a.session <> b.session AND a.t0 < b.t1 AND b.t0 < a.t1 "
        + "ORDER BY a.session, b.session LIMIT 1";
    Properties settings = new Properties();
    settings.setProperty("autoinstall_known_extensions", "false");
    settings.setProperty("autoload_known_extensions", "false");
    try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", settings);
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? new Overlap(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)) : null;
    } catch (SQLException e) {
      throw AnalyzeException.query("cannot compare the sessions' times: " + DuckDbErrors.oneLine(e), e);
    }
  }

  private static List<Path> concat(List<Path> a, List<Path> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static String files(List<Path> files) {
    return files.stream().map(p -> "'" + p.toString().replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
  }
}
