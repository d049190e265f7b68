package io.tcptop.analyze.parquet;

/**
 * How an export stores its rows: its directory partitioning, its timestamp unit, and whether
 * its pages are compressed (ZSTD). Every export a user keeps is; the temporary export a command
 * makes of a journal SOURCE is not: it is read once, on this machine, and removed, so compressing
 * it would only cost time (a third of the export's CPU, and DuckDB's decompression after it) to
 * save the 15 % that ZSTD takes off pages already delta- and dictionary-encoded.
 */
public record Layout(Partitioning partitioning, TimestampUnit timestamps, boolean compressed) {

  /** A compressed export's layout. */
  public Layout(Partitioning partitioning, TimestampUnit timestamps) {
    this(partitioning, timestamps, true);
  }
}
