package io.tcptop.fleet;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV as tcptop writes it: fields quoted when they hold a comma, a quote or a line break. */
final class Csv {
  private Csv() {}

  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
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
        any = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        any = true;
      } else if (c == '\n') {
        row.add(field.toString());
        rows.add(row);
        row = new ArrayList<>();
        field.setLength(0);
        any = false;
      } else if (c != '\r') {
        field.append(c);
        any = true;
      }
    }
    if (any) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
