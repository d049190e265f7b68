package io.tcptop.analyze.report;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One query's result, kept as values: integers as {@link Long}, other numbers as {@link Double}
 * (DOUBLE) or {@link BigDecimal}, timestamps as {@link Instant} (UTC), flags as {@link Boolean},
 * anything else as its text; SQL NULL as null.
 */
public record Rows(List<String> columns, List<Object[]> values) {

  static Rows read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> columns = new ArrayList<>(n);
    String[] types = new String[n];
    for (int i = 0; i < n; i++) {
      columns.add(md.getColumnLabel(i + 1));
      types[i] = md.getColumnTypeName(i + 1).toUpperCase(Locale.ROOT);
    }
    List<Object[]> values = new ArrayList<>();
    while (rs.next()) {
      Object[] row = new Object[n];
      for (int i = 0; i < n; i++) {
        row[i] = value(rs, i + 1, types[i]);
      }
      values.add(row);
    }
    return new Rows(List.copyOf(columns), values);
  }

  private static Object value(ResultSet rs, int column, String type) throws SQLException {
    Object v;
    if (type.startsWith("TIMESTAMP") && !type.contains("TIME ZONE")) {
      // As a LocalDateTime the driver keeps the stored wall clock (UTC) with its nanoseconds.
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      v = t == null ? null : t.toInstant(ZoneOffset.UTC);
    } else if (type.equals("DOUBLE") || type.equals("FLOAT") || type.equals("REAL")) {
      double d = rs.getDouble(column);
      v = rs.wasNull() ? null : d;
    } else if (type.equals("BOOLEAN")) {
      boolean b = rs.getBoolean(column);
      v = rs.wasNull() ? null : b;
    } else if (type.startsWith("DECIMAL")) {
      v = rs.getBigDecimal(column);
    } else if (type.endsWith("INT") || type.equals("INTEGER") || type.equals("BIGINT")) {
      // HUGEINT sums of BIGINT columns fit a long for any recording.
      Object o = rs.getObject(column);
      v = o == null ? null : ((Number) o).longValue();
    } else {
      String s = rs.getString(column);
      v = rs.wasNull() ? null : s;
    }
    return v;
  }

  public int size() {
    return values.size();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public int column(String name) {
    int i = columns.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + name + " in " + columns);
    }
    return i;
  }

  public Object get(int row, String column) {
    return values.get(row)[column(column)];
  }

  public long longValue(int row, String column) {
    Object v = get(row, column);
    return v == null ? 0 : ((Number) v).longValue();
  }

  /** A number, or null for SQL NULL. */
  public Double number(int row, String column) {
    Object v = get(row, column);
    return v == null ? null : ((Number) v).doubleValue();
  }

  public String text(int row, String column) {
    Object v = get(row, column);
    return v == null ? null : v.toString();
  }

  public Instant instant(int row, String column) {
    return (Instant) get(row, column);
  }

  public boolean flag(int row, String column) {
    return Boolean.TRUE.equals(get(row, column));
  }

  /**
   * A value as 'tcptop analyze sql --format csv' prints it (what the page keeps in data-value):
   * numbers without exponent or trailing zeros, timestamps ISO-8601 UTC, NULL as "".
   */
  public static String canonical(Object v) {
    return switch (v) {
      case null -> "";
      case Double d -> Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : d.toString();
      case BigDecimal d -> d.toPlainString();
      case Instant i -> i.toString();
      default -> v.toString();
    };
  }
}
