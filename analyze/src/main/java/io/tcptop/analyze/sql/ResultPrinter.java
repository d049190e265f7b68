package io.tcptop.analyze.sql;

import io.tcptop.view.Escapes;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a result set as a table, CSV or JSONL. Tables are for people: sizes, rates and RTTs
 * read as replay's text view prints them ({@link ColumnUnit}). CSV and JSONL are for programs:
 * raw numbers. Timestamps are shown in the printer's time zone: DuckDB holds them as UTC wall
 * clock (TIMESTAMP_NS).
 */
public final class ResultPrinter {

  private enum Kind {
    NUMBER, FLOATING, BOOLEAN, TEXT,
    /** Timestamps by their precision: nanoseconds, microseconds, milliseconds, seconds. */
    TIMESTAMP, TIMESTAMP_US, TIMESTAMP_MS, TIMESTAMP_S;

    boolean isTimestamp() {
      return ordinal() >= TIMESTAMP.ordinal();
    }

    boolean isNumeric() {
      return this == NUMBER || this == FLOATING;
    }

    int precision() {
      return ordinal() - TIMESTAMP.ordinal();
    }
  }

  private static final String[] FRACTIONS = {".SSSSSSSSS", ".SSSSSS", ".SSS", ""};
  /** For tables: 2026-11-26 14:02:03.500000000, the zone's wall clock. */
  private static final DateTimeFormatter[] TABLE_TIME = formatters("uuuu-MM-dd HH:mm:ss", "");
  /** For CSV and JSONL: ISO-8601 with the offset, Z in UTC: 2026-11-26T14:02:03.500000000Z. */
  private static final DateTimeFormatter[] ISO_TIME = formatters("uuuu-MM-dd'T'HH:mm:ss", "XXX");

  private final ResultFormat format;
  private final ZoneId zone;
  private final PrintWriter out;

  public ResultPrinter(ResultFormat format, ZoneId zone, PrintWriter out) {
    this.format = format;
    this.zone = zone;
    this.out = out;
  }

  /** A printer in UTC. */
  public ResultPrinter(ResultFormat format, PrintWriter out) {
    this(format, ZoneOffset.UTC, out);
  }

  /** @return the number of rows printed */
  public long print(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = md.getColumnLabel(i + 1);
    }
    Kind[] kinds = kinds(md);
    long rows = switch (format) {
      case table -> table(rs, names, kinds, units(names, kinds));
      case csv -> csv(rs, names, kinds);
      case jsonl -> jsonl(rs, names, kinds);
    };
    out.flush();
    return rows;
  }

  /** The first row as one " name: value" line per column (names aligned, '_' shown as ' '), for people. */
  public void vertical(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] names = new String[n];
    int width = 0;
    for (int i = 0; i < n; i++) {
      names[i] = md.getColumnLabel(i + 1);
      width = Math.max(width, names[i].length());
    }
    Kind[] kinds = kinds(md);
    ColumnUnit[] units = units(names, kinds);
    if (rs.next()) {
      for (int i = 0; i < n; i++) {
        String v = forPeople(rs, i + 1, kinds[i], units[i]);
        String label = names[i].replace('_', ' ');
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
    }
    return kinds;
  }

  /** Units apply to numeric columns only: a text column named bytes stays text. */
  private static ColumnUnit[] units(String[] names, Kind[] kinds) {
    ColumnUnit[] units = new ColumnUnit[names.length];
    for (int i = 0; i < names.length; i++) {
      units[i] = kinds[i].isNumeric() ? ColumnUnit.of(names[i]) : ColumnUnit.NONE;
    }
    return units;
  }

  private long table(ResultSet rs, String[] names, Kind[] kinds, ColumnUnit[] units) throws SQLException {
    int n = names.length;
    List<String[]> rows = new ArrayList<>();
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = names[i].length();
    }
    while (rs.next()) {
      String[] row = new String[n];
      for (int i = 0; i < n; i++) {
        String v = forPeople(rs, i + 1, kinds[i], units[i]);
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
      boolean right = !header && kinds[i].isNumeric();
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

  private long csv(ResultSet rs, String[] names, Kind[] kinds) throws SQLException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      sb.append(i > 0 ? "," : "").append(Escapes.csv(names[i]));
    }
    out.println(sb);
    long rows = 0;
    while (rs.next()) {
      sb.setLength(0);
      for (int i = 0; i < names.length; i++) {
        String v = kinds[i].isTimestamp() ? timestamp(rs, i + 1, ISO_TIME[kinds[i].precision()]) : text(rs, i + 1, kinds[i]);
        sb.append(i > 0 ? "," : "").append(v == null ? "" : Escapes.csv(v));
      }
      out.println(sb);
      rows++;
    }
    return rows;
  }

  private long jsonl(ResultSet rs, String[] names, Kind[] kinds) throws SQLException {
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
        String v = kinds[i].isTimestamp() ? timestamp(rs, i + 1, ISO_TIME[kinds[i].precision()]) : text(rs, i + 1, kinds[i]);
        if (v == null) {
          sb.append("null");
        } else {
          switch (kinds[i]) {
            case NUMBER, BOOLEAN -> sb.append(v);
            case FLOATING -> sb.append(isFinite(v) ? v : "null");
            default -> Escapes.json(sb, v);
          }
        }
      }
      out.println(sb.append('}'));
      rows++;
    }
    return rows;
  }

  /** A cell as a person reads it: with its unit, and timestamps in the zone's wall clock. */
  private String forPeople(ResultSet rs, int column, Kind kind, ColumnUnit unit) throws SQLException {
    if (kind.isTimestamp()) {
      return timestamp(rs, column, TABLE_TIME[kind.precision()]);
    }
    String v = text(rs, column, kind);
    return v == null ? null : unit.format(v);
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
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    String s = rs.getString(column);
    return rs.wasNull() ? null : s;
  }

  private String timestamp(ResultSet rs, int column, DateTimeFormatter text) throws SQLException {
    // As a LocalDateTime the driver keeps the stored wall clock (UTC) and its nanoseconds,
    // whatever the JVM's time zone.
    LocalDateTime utc = rs.getObject(column, LocalDateTime.class);
    return utc == null ? null : text.format(utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(zone));
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
      return switch (t) {
        case "TIMESTAMP_NS" -> Kind.TIMESTAMP;
        case "TIMESTAMP_MS" -> Kind.TIMESTAMP_MS;
        case "TIMESTAMP_S" -> Kind.TIMESTAMP_S;
        default -> Kind.TIMESTAMP_US;
      };
    }
    return Kind.TEXT;
  }

  private static DateTimeFormatter[] formatters(String dateTime, String offset) {
    DateTimeFormatter[] f = new DateTimeFormatter[FRACTIONS.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = DateTimeFormatter.ofPattern(dateTime + FRACTIONS[i] + offset, Locale.ROOT);
    }
    return f;
  }
}
