package io.tcptop.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what 'tcptop analyze sql --format csv' prints (RFC 4180, a header row) into rows by column. */
final class Csv {
  private Csv() {}

  static List<Map<String, String>> rows(String text) {
    List<List<String>> records = records(text);
    if (records.isEmpty()) {
      throw new AssertionError("no CSV header in: " + text);
    }
    List<String> header = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), r.get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<List<String>> records(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      any = true;
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        any = false;
      } else if (c != '\r') {
        field.append(c);
      }
    }
    if (any) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
