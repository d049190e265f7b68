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
 *
 * <p>DuckDB would download and load extensions by itself when a query needs one (an https:// URL,
 * read_xlsx): a query would then fetch and run code from the network. Here it never does: automatic
 * install and load are off, and the configuration is locked so that a query cannot turn them back on
 * (nor change any other setting). Statically linked extensions (parquet, json, icu) work as always.
 * Files are not restricted: like any local SQL tool, a query reads and writes what the user can.
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
    return open(exports, OwnerFilter.NONE);
  }

  /** The views show only the flows {@code filter} keeps, and their records. */
  public static Database open(List<ExportSource> exports, OwnerFilter filter) {
    Connection c;
    try {
      c = new DuckDBDriver().connect("jdbc:duckdb:", settings());
    } catch (SQLException e) {
      throw AnalyzeException.query("cannot start DuckDB: " + DuckDbErrors.oneLine(e), e);
    }
    Database db = new Database(c);
    try {
      // Last, once everything else is set: from here on no statement changes the configuration.
      db.execute("SET lock_configuration = true");
      db.execute(Views.sql(exports, filter));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  private static Properties settings() {
    Properties p = new Properties();
    p.setProperty("autoinstall_known_extensions", "false");
    p.setProperty("autoload_known_extensions", "false");
    p.setProperty("allow_community_extensions", "false");
    return p;
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
