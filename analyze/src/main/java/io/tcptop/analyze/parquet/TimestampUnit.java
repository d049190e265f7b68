package io.tcptop.analyze.parquet;

import io.tcptop.error.UsageException;
import java.util.Locale;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;

/**
 * The unit of every TIMESTAMP column of an export. Nanoseconds keep the journal's precision and
 * read as DuckDB's TIMESTAMP_NS and Trino's timestamp(9); microseconds are for readers without
 * nanosecond timestamps (Spark, BigQuery), at the price of the sub-microsecond digits.
 */
public enum TimestampUnit {
  NANOS(TimeUnit.NANOS, 1),
  MICROS(TimeUnit.MICROS, 1_000);

  final TimeUnit parquet;
  final long nanosPerUnit;

  TimestampUnit(TimeUnit parquet, long nanosPerUnit) {
    this.parquet = parquet;
    this.nanosPerUnit = nanosPerUnit;
  }

  /** Parses {@code ns} or {@code us}, as --timestamps takes them. */
  public static TimestampUnit parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "ns", "nanos" -> NANOS;
      case "us", "micros" -> MICROS;
      default -> throw new UsageException("--timestamps " + text + ": use ns (nanoseconds) or us (microseconds)");
    };
  }

  long fromEpochNs(long epochNs) {
    return nanosPerUnit == 1 ? epochNs : Math.floorDiv(epochNs, nanosPerUnit);
  }

  @Override
  public String toString() {
    return this == NANOS ? "ns" : "us";
  }
}
