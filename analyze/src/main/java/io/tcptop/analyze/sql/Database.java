package io.tcptop.analyze.sql;

import io.tcptop.analyze.AnalyzeException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * An in-memory DuckDB with the export's views. Query errors become one-line
 * {@link AnalyzeException}s carrying DuckDB's own message.
 */
public final class Database implements AutoCloseable {

  /** Consumes a query's result; called only when the last statement returns rows. */
  public interface ResultHandler {
    void accept(ResultSet rows) throws SQLException;
  }

  private final Connection connection;

  private Database(Connection connection) {
    this.connection = connection;
  }

  public static Database open(List<ExportSource> exports) {
    Connection c;
    try {
      c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    } catch (SQLException e) {
      throw AnalyzeException.query("cannot start DuckDB: " + DuckDbErrors.oneLine(e), e);
    }
    Database db = new Database(c);
    try {
      db.execute(Views.sql(exports));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  /** Runs statements whose results, if any, are not wanted (SET VARIABLE, CREATE VIEW). */
  public void execute(String sql) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw AnalyzeException.query(DuckDbErrors.oneLine(e), e);
    }
  }

  /**
   * Runs one or more statements and hands the last one's rows to {@code handler}.
   *
   * @return whether the last statement returned rows
   */
  public boolean query(String sql, ResultHandler handler) {
    try (Statement s = connection.createStatement()) {
      if (!s.execute(sql)) {
        return false;
      }
      try (ResultSet rs = s.getResultSet()) {
        handler.accept(rs);
      }
      return true;
    } catch (SQLException e) {
      throw AnalyzeException.query(DuckDbErrors.oneLine(e), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing was written: an in-memory database.
    }
  }
}
