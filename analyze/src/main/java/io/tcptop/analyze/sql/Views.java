package io.tcptop.analyze.sql;

import io.tcptop.analyze.export.Tables;
import io.tcptop.analyze.parquet.Column;
import io.tcptop.analyze.parquet.Table;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL that creates the views: {@code views.sql} with each dataset's files filled in. */
public final class Views {
  private Views() {}

  public static String sql(List<ExportSource> exports) {
    return sql(exports, OwnerFilter.NONE);
  }

  /** The views, showing only the flows (and their records) that {@code filter} keeps. */
  public static String sql(List<ExportSource> exports, OwnerFilter filter) {
    String sql = Resources.sql("views");
    for (Table t : Tables.ALL) {
      sql = sql.replace("{" + t.name() + "}", files(t.name(), exports));
    }
    return sql.replace("{flow_filter}", filter.flowCondition()).replace("{event_filter}", filter.eventCondition());
  }

  /**
   * One read_parquet per layout, combined by column name. An export made before a dataset was
   * added has no directory for it and adds no rows; when no export has one, the dataset is an
   * empty relation with its columns.
   */
  static String files(String dataset, List<ExportSource> exports) {
    Map<List<String>, List<String>> globsByLayout = new LinkedHashMap<>();
    for (ExportSource e : exports) {
      if (!Files.isDirectory(e.dir().resolve(dataset))) {
        continue;
      }
      globsByLayout.computeIfAbsent(e.partitionKeys(), k -> new ArrayList<>())
          .add(literal(e.dir().resolve(dataset) + "/**/*.parquet"));
    }
    List<String> reads = new ArrayList<>();
    for (var layout : globsByLayout.entrySet()) {
      StringBuilder sb = new StringBuilder("read_parquet([").append(String.join(", ", layout.getValue()))
          .append("], union_by_name = true");
      List<String> keys = layout.getKey();
      if (keys.isEmpty()) {
        sb.append(", hive_partitioning = false");
      } else {
        List<String> types = new ArrayList<>();
        for (String k : keys) {
          types.add(literal(k) + ": " + (k.equals("date") ? "DATE" : "VARCHAR"));
        }
        sb.append(", hive_partitioning = true, hive_types = {").append(String.join(", ", types)).append('}');
      }
      reads.add(sb.append(')').toString());
    }
    if (reads.isEmpty()) {
      return empty(dataset);
    }
    if (reads.size() == 1) {
      return reads.get(0);
    }
    List<String> selects = new ArrayList<>();
    for (String r : reads) {
      selects.add("SELECT * FROM " + r);
    }
    return "(" + String.join(" UNION ALL BY NAME ", selects) + ")";
  }

  private static String empty(String dataset) {
    Table table = Tables.ALL.stream().filter(t -> t.name().equals(dataset)).findFirst().orElseThrow();
    List<String> columns = new ArrayList<>();
    for (Column c : table.columns()) {
      String type = switch (c.type()) {
        case STRING -> "VARCHAR";
        case TIMESTAMP -> "TIMESTAMP_NS";
        case INT32 -> "INTEGER";
        case INT64 -> "BIGINT";
        case DOUBLE -> "DOUBLE";
        case BOOLEAN -> "BOOLEAN";
      };
      columns.add("NULL::" + type + " AS " + c.name());
    }
    return "(SELECT " + String.join(", ", columns) + " WHERE false)";
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
