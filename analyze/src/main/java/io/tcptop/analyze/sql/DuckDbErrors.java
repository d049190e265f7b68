package io.tcptop.analyze.sql;

import java.sql.SQLException;

/** DuckDB's error message, reduced to its one informative line. */
public final class DuckDbErrors {
  private DuckDbErrors() {}

  /** The JDBC driver sometimes wraps the real error in a line about a "pending query result". */
  private static final String WRAPPER = "Attempting to execute an unsuccessful or closed pending query result";

  public static String oneLine(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    for (String line : m.split("\n")) {
      String l = line.strip();
      if (l.startsWith("Error: ")) {
        l = l.substring("Error: ".length());
      }
      if (!l.isEmpty() && !l.contains(WRAPPER)) {
        return l;
      }
    }
    return m.strip();
  }
}
