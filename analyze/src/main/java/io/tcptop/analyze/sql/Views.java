package io.tcptop.analyze.sql;

import io.tcptop.analyze.export.Tables;
import io.tcptop.analyze.parquet.Table;
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

  /** One read_parquet per layout, combined by column name. */
  static String files(String dataset, List<ExportSource> exports) {
    Map<List<String>, List<String>> globsByLayout = new LinkedHashMap<>();
    for (ExportSource e : exports) {
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
    if (reads.size() == 1) {
      return reads.get(0);
    }
    List<String> selects = new ArrayList<>();
    for (String r : reads) {
      selects.add("SELECT * FROM " + r);
    }
    return "(" + String.join(" UNION ALL BY NAME ", selects) + ")";
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
