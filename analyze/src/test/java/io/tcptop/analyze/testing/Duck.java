package io.tcptop.analyze.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/** A plain DuckDB connection for tests that read Parquet files directly. */
public final class Duck implements AutoCloseable {
  private final Connection c;

  public Duck() {
    try {
      c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public void execute(String sql) {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Rows as column-name → value maps, in result order. */
  public List<Map<String, Object>> rows(String sql) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public Object value(String sql) {
    return rows(sql).get(0).values().iterator().next();
  }

  public long count(String sql) {
    return ((Number) value(sql)).longValue();
  }

  @Override
  public void close() {
    try {
      c.close();
    } catch (SQLException ignored) {
      // in memory
    }
  }
}
