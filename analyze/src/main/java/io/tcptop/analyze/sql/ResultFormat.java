package io.tcptop.analyze.sql;

/** How query results are printed. */
public enum ResultFormat {
  /** Aligned columns with a header, for people: sizes, rates and RTTs in units. */
  table,
  /** RFC 4180 with a header row; timestamps as ISO-8601 with their offset (Z in UTC, the default). */
  csv,
  /** One JSON object per row; numbers and booleans unquoted, NULL as null. */
  jsonl
}
