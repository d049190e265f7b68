package io.tcptop.fleet;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * Query results of either engine in one comparable form: a header and rows of cells, each cell
 * text. Timestamps become UTC instants with nine fraction digits, so two engines agree exactly
 * when their values are equal to the nanosecond; NULL is the empty cell, as in tcptop's CSV.
 */
record Table(List<String> header, List<List<String>> rows) {

  private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final Pattern ISO = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

  static Table ofSpark(org.apache.spark.sql.Dataset<Row> result) {
    List<String> header = List.of(result.columns());
    List<List<String>> rows = new ArrayList<>();
    for (Row r : result.collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        cells.add(cell(r.get(i)));
      }
      rows.add(cells);
    }
    return new Table(header, rows);
  }

  /** tcptop's {@code --format csv}: the header line, then one line per row. */
  static Table ofCsv(String csv) {
    List<List<String>> all = Csv.parse(csv);
    if (all.isEmpty()) {
      throw new AssertionError("no CSV header in: " + csv);
    }
    List<List<String>> rows = new ArrayList<>();
    for (List<String> r : all.subList(1, all.size())) {
      List<String> cells = new ArrayList<>();
      for (String c : r) {
        cells.add(ISO.matcher(c).matches() ? NANOS.format(OffsetDateTime.parse(c).toInstant()) : c);
      }
      rows.add(cells);
    }
    return new Table(all.get(0), rows);
  }

  private static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Instant i) {
      return NANOS.format(i);
    }
    if (v instanceof LocalDateTime t) {
      return NANOS.format(t.toInstant(ZoneOffset.UTC));
    }
    if (v instanceof java.sql.Timestamp t) {
      return NANOS.format(t.toInstant());
    }
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    return v.toString();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
    for (List<String> r : rows) {
      sb.append(String.join(",", r)).append('\n');
    }
    return sb.toString();
  }
}
