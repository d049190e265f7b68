package io.tcptop.analyze.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A canned report: one of the documented SQL files, run with parameters the command line set
 * as DuckDB variables ({@code SET VARIABLE n = 10}), which the file reads with getvariable().
 */
public record Report(String name, Map<String, String> variables) {

  public Report {
    variables = new LinkedHashMap<>(variables);
  }

  /** The SQL that runs: the variables' SET statements, then the file. */
  public String sql() {
    StringBuilder sb = new StringBuilder();
    for (var v : variables.entrySet()) {
      sb.append("SET VARIABLE ").append(v.getKey()).append(" = ").append(v.getValue()).append(";\n");
    }
    if (!sb.isEmpty()) {
      sb.append('\n');
    }
    return sb.append(Resources.sql(name)).toString();
  }

  /** A query of a multi-part report, under its title. */
  public record Section(String title, boolean vertical, String sql) {}

  /** The file cut at its "-- section: TITLE" lines; text before the first is dropped. */
  public List<Section> sections() {
    List<Section> sections = new ArrayList<>();
    String title = null;
    StringBuilder body = new StringBuilder();
    for (String line : Resources.sql(name).split("\n", -1)) {
      if (line.startsWith("-- section: ")) {
        add(sections, title, body);
        title = line.substring("-- section: ".length()).strip();
        body.setLength(0);
      } else if (title != null) {
        body.append(line).append('\n');
      }
    }
    add(sections, title, body);
    return sections;
  }

  private static void add(List<Section> sections, String title, StringBuilder body) {
    if (title == null) {
      return;
    }
    boolean vertical = title.endsWith("(vertical)");
    String t = vertical ? title.substring(0, title.length() - "(vertical)".length()).strip() : title;
    sections.add(new Section(t, vertical, body.toString().strip()));
  }
}
