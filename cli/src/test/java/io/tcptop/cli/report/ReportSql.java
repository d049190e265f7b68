package io.tcptop.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.cli.Cli;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a user gets by rerunning one part of a report by hand: the SQL that
 * 'tcptop analyze report --print-sql=PART' prints, run by 'tcptop analyze sql'.
 */
final class ReportSql {
  private ReportSql() {}

  /** The rows of one part for SOURCE, with the report's own options (window, filters, bucket). */
  static List<Map<String, String>> rows(String source, String[] reportOptions, String part) {
    List<String> print = new ArrayList<>(List.of("report", "--print-sql=" + part));
    print.addAll(List.of(reportOptions));
    if (needsSource(reportOptions)) {
      print.add(source);
    }
    var sql = Cli.analyze(print.toArray(String[]::new));
    assertEquals(0, sql.exit(), sql.err());
    var r = Cli.analyze("sql", source, sql.out(), "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    return Csv.rows(r.out());
  }

  static List<Map<String, String>> rows(String source, String part) {
    return rows(source, new String[0], part);
  }

  private static boolean needsSource(String[] options) {
    for (String o : options) {
      if (o.equals("--from") || o.equals("--to")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the page's data-value is the value 'analyze sql' printed: same number, time or text. */
  static boolean same(String sql, String page) {
    if (sql.equals(page)) {
      return true;
    }
    if (sql.matches("-?\\d+(\\.\\d+)?") && page.matches("-?\\d+(\\.\\d+)?")) {
      return new BigDecimal(sql).compareTo(new BigDecimal(page)) == 0;
    }
    if (sql.endsWith("Z") && page.endsWith("Z")) {
      try {
        return Instant.parse(sql).equals(Instant.parse(page));
      } catch (java.time.format.DateTimeParseException e) {
        return false;
      }
    }
    return false;
  }
}
