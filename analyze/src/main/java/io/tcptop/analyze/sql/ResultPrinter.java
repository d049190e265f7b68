package io.tcptop.analyze.sql;

import io.tcptop.view.Escapes;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a result set as a table, CSV or JSONL. */
public final class ResultPrinter {
  private ResultPrinter() {}

  private enum Kind {
    NUMBER, FLOATING, BOOLEAN, TEXT,
    /** Timestamps by their precision: nanoseconds, microseconds, milliseconds, seconds. */
    TIMESTAMP, TIMESTAMP_US, TIMESTAMP_MS, TIMESTAMP_S;

    boolean isTimestamp() {
      return ordinal() >= TIMESTAMP.ordinal();
    }
  }

  private static final DateTimeFormatter[] TIMESTAMP_TEXT = {
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS", Locale.ROOT),
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT),
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT),
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)};

  /** @return the number of rows printed */
  public static long print(ResultSet rs, ResultFormat format, PrintWriter out) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] names = new String[n];
    Kind[] kinds = kinds(md);
    for (int i = 0; i < n; i++) {
      names[i] = md.getColumnLabel(i + 1);
    }
    long rows = switch (format) {
      case table -> table(rs, names, kinds, out);
      case csv -> csv(rs, names, kinds, out);
      case jsonl -> jsonl(rs, names, kinds, out);
    };
    out.flush();
    return rows;
  }

  /** The first row as one " name: value" line per column (names aligned, '_' shown as ' '). */
  public static void vertical(ResultSet rs, PrintWriter out) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    Kind[] kinds = kinds(md);
    int width = 0;
    for (int i = 1; i <= md.getColumnCount(); i++) {
      width = Math.max(width, md.getColumnLabel(i).length());
    }
    if (rs.next()) {
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String v = text(rs, i, kinds[i - 1]);
        String label = md.getColumnLabel(i).replace('_', ' ');
        out.println(" " + label + ":" + " ".repeat(width - label.length() + 1) + (v == null ? "-" : v));
      }
    }
    out.flush();
  }

  private static Kind[] kinds(ResultSetMetaData md) throws SQLException {
    int n = md.getColumnCount();
    Kind[] kinds = new Kind[n];
    for (int i = 0; i < n; i++) {
      kinds[i] = kind(md.getColumnTypeName(i + 1));
      if (kinds[i] == Kind.TIMESTAMP) {
        kinds[i] = switch (md.getColumnTypeName(i + 1).toUpperCase(Locale.ROOT)) {
          case "TIMESTAMP_NS" -> Kind.TIMESTAMP;
          case "TIMESTAMP_MS" -> Kind.TIMESTAMP_MS;
          case "TIMESTAMP_S" -> Kind.TIMESTAMP_S;
          default -> Kind.TIMESTAMP_US;
        };
      }
    }
    return kinds;
  }

  private static long table(ResultSet rs, String[] names, Kind[] kinds, PrintWriter out) throws SQLException {
    int n = names.length;
    List<String[]> rows = new ArrayList<>();
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = names[i].length();
    }
    while (rs.next()) {
      String[] row = new String[n];
      for (int i = 0; i < n; i++) {
        String v = text(rs, i + 1, kinds[i]);
        row[i] = v == null ? "NULL" : v.replace('\n', ' ');
        width[i] = Math.max(width[i], row[i].length());
      }
      rows.add(row);
    }
    StringBuilder sb = new StringBuilder();
    line(sb, names, width, kinds, true);
    out.println(sb);
    sb.setLength(0);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      sb.append("-".repeat(width[i]));
    }
    out.println(sb);
    for (String[] row : rows) {
      sb.setLength(0);
      line(sb, row, width, kinds, false);
      out.println(sb);
    }
    return rows.size();
  }

  private static void line(StringBuilder sb, String[] cells, int[] width, Kind[] kinds, boolean header) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      boolean right = !header && (kinds[i] == Kind.NUMBER || kinds[i] == Kind.FLOATING);
      String pad = " ".repeat(width[i] - cells[i].length());
      if (right) {
        sb.append(pad).append(cells[i]);
      } else {
        sb.append(cells[i]);
        if (i < cells.length - 1) {
          sb.append(pad);
        }
      }
    }
  }

  private static long csv(ResultSet rs, String[] names, Kind[] kinds, PrintWriter out) throws SQLException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      sb.append(i > 0 ? "," : "").append(Escapes.csv(names[i]));
    }
    out.println(sb);
    long rows = 0;
    while (rs.next()) {
      sb.setLength(0);
      for (int i = 0; i < names.length; i++) {
        String v = text(rs, i + 1, kinds[i]);
        if (kinds[i].isTimestamp() && v != null) {
          v = iso(v);
        }
        sb.append(i > 0 ? "," : "").append(v == null ? "" : Escapes.csv(v));
      }
      out.println(sb);
      rows++;
    }
    return rows;
  }

  private static long jsonl(ResultSet rs, String[] names, Kind[] kinds, PrintWriter out) throws SQLException {
    StringBuilder sb = new StringBuilder();
    long rows = 0;
    while (rs.next()) {
      sb.setLength(0);
      sb.append('{');
      for (int i = 0; i < names.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        Escapes.json(sb, names[i]);
        sb.append(':');
        String v = text(rs, i + 1, kinds[i]);
        if (v == null) {
          sb.append("null");
        } else {
          switch (kinds[i]) {
            case NUMBER, BOOLEAN -> sb.append(v);
            case FLOATING -> sb.append(isFinite(v) ? v : "null");
            case TEXT -> Escapes.json(sb, v);
            default -> Escapes.json(sb, iso(v));
          }
        }
      }
      out.println(sb.append('}'));
      rows++;
    }
    return rows;
  }

  /** A cell as text: integers and decimals exactly, doubles without exponents, NULL as null. */
  private static String text(ResultSet rs, int column, Kind kind) throws SQLException {
    if (kind == Kind.FLOATING) {
      double d = rs.getDouble(column);
      if (rs.wasNull()) {
        return null;
      }
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.toString(d);
      }
      String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
      return s;
    }
    if (kind.isTimestamp()) {
      // As a LocalDateTime the driver keeps the stored wall clock (UTC) and its nanoseconds,
      // whatever the JVM's time zone.
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      return t == null ? null : TIMESTAMP_TEXT[kind.ordinal() - Kind.TIMESTAMP.ordinal()].format(t);
    }
    String s = rs.getString(column);
    return rs.wasNull() ? null : s;
  }

  private static boolean isFinite(String v) {
    return !v.equals("NaN") && !v.endsWith("Infinity");
  }

  private static Kind kind(String typeName) {
    String t = typeName.toUpperCase(Locale.ROOT);
    if (t.equals("DOUBLE") || t.equals("FLOAT") || t.equals("REAL")) {
      return Kind.FLOATING;
    }
    if (t.startsWith("DECIMAL") || t.endsWith("INT") || t.equals("INTEGER") || t.equals("BIGINT")
        || t.equals("HUGEINT") || t.equals("UHUGEINT") || t.equals("UBIGINT") || t.equals("UINTEGER")) {
      return Kind.NUMBER;
    }
    if (t.equals("BOOLEAN")) {
      return Kind.BOOLEAN;
    }
    if (t.startsWith("TIMESTAMP") && !t.contains("TIME ZONE")) {
      return Kind.TIMESTAMP;
    }
    return Kind.TEXT;
  }

  /** "2026-11-26 14:02:03.500000000" as ISO-8601 UTC: "2026-11-26T14:02:03.500000000Z". */
  private static String iso(String duckDbTimestamp) {
    return duckDbTimestamp.replace(' ', 'T') + "Z";
  }


}
