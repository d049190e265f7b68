package io.tcptop.analyze.sql;

/** How query results are printed. */
public enum ResultFormat {
  /** Aligned columns with a header, for people. */
  table,
  /** RFC 4180 with a header row; timestamps as ISO-8601 UTC. */
  csv,
  /** One JSON object per row; numbers and booleans unquoted, NULL as null. */
  jsonl
}
