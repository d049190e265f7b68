package io.tcptop.analyze.parquet;

/**
 * One column of a table: its name, type, whether it may be null, and whether its values go
 * through a dictionary. Dictionary encoding is chosen per column because it is what costs
 * most when writing: it pays for short, repetitive values (kinds, states, hosts), not for
 * numbers or for strings that are constant within a file.
 */
public record Column(String name, Type type, boolean nullable, boolean dictionary, int index) {

  /** Physical and logical Parquet types as DuckDB, Spark and Trino read them. */
  public enum Type {
    /** BINARY annotated UTF8 (STRING). */
    STRING,
    /**
     * INT64 TIMESTAMP(NANOS or MICROS, isAdjustedToUTC=false): UTC wall-clock time, DuckDB's
     * TIMESTAMP_NS (or TIMESTAMP); the export's {@link TimestampUnit} picks the unit.
     */
    TIMESTAMP,
    /** INT32. */
    INT32,
    /** INT64. */
    INT64,
    /** DOUBLE. */
    DOUBLE,
    /** BOOLEAN. */
    BOOLEAN
  }
}
