package io.tcptop.analyze.parquet;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/** The columns of one dataset, in file order, and their Parquet schema. */
public final class Table {
  private final String name;
  private final List<Column> columns;
  private final Map<String, Column> byName = new HashMap<>();
  /** Rows per row group: the unit DuckDB scans in parallel and skips by statistics. */
  private static final int ROW_GROUP_ROWS = 1 << 20;
  private final Set<String> withoutStatistics;

  private Table(String name, List<Column> columns, Set<String> withoutStatistics) {
    this.name = name;
    this.columns = List.copyOf(columns);
    this.withoutStatistics = Set.copyOf(withoutStatistics);
    for (Column c : columns) {
      byName.put(c.name(), c);
    }
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public List<Column> columns() {
    return columns;
  }

  /** Rows per row group. */
  public int rowGroupRows() {
    return ROW_GROUP_ROWS;
  }

  /** Columns whose min/max statistics cost more to keep than they save when reading. */
  public Set<String> withoutStatistics() {
    return withoutStatistics;
  }

  public Column column(String columnName) {
    Column c = byName.get(columnName);
    if (c == null) {
      throw new IllegalArgumentException(name + " has no column " + columnName);
    }
    return c;
  }

  /**
   * The Parquet schema without the {@code omitted} columns: partition columns live in the
   * directory names (Hive style) and not in the files, as Spark and Trino expect.
   */
  public MessageType schema(Set<String> omitted, TimestampUnit timestamps) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : columns) {
      if (omitted.contains(c.name())) {
        continue;
      }
      Repetition rep = c.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
      switch (c.type()) {
        case STRING -> b.primitive(PrimitiveTypeName.BINARY, rep).as(stringType()).named(c.name());
        case TIMESTAMP -> b.primitive(PrimitiveTypeName.INT64, rep)
            .as(timestampType(false, timestamps.parquet)).named(c.name());
        case INT32 -> b.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
        case INT64 -> b.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
        case DOUBLE -> b.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
        case BOOLEAN -> b.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
      }
    }
    return b.named(name);
  }

  public static final class Builder {
    private final String name;
    private final List<Column> columns = new ArrayList<>();
    private final Set<String> withoutStatistics = new java.util.HashSet<>();

    private Builder(String name) {
      this.name = name;
    }

    /** A column that is never null. */
    public Builder required(String column, Column.Type type) {
      return add(column, type, false, false);
    }

    public Builder nullable(String column, Column.Type type) {
      return add(column, type, true, false);
    }

    /** A never-null column of few distinct values, dictionary-encoded. */
    public Builder requiredDictionary(String column, Column.Type type) {
      return add(column, type, false, true);
    }

    public Builder nullableDictionary(String column, Column.Type type) {
      return add(column, type, true, true);
    }

    /**
     * Keeps no min/max statistics for these columns: every value passes through the statistics,
     * and for a string column that repeats one value per file they cost a comparison of its
     * bytes per row while skipping nothing.
     */
    public Builder withoutStatistics(String... names) {
      withoutStatistics.addAll(List.of(names));
      return this;
    }

    public Table build() {
      return new Table(name, columns, withoutStatistics);
    }

    private Builder add(String column, Column.Type type, boolean nullable, boolean dictionary) {
      columns.add(new Column(column, type, nullable, dictionary, columns.size()));
      return this;
    }
  }
}
