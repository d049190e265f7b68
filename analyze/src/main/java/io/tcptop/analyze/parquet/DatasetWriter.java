package io.tcptop.analyze.parquet;

import io.tcptop.analyze.AnalyzeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one session's rows of one table into {@code <table>/[partition dirs/]part-<session>-<n>.parquet}.
 * Rows go to the file of their partition; a file is rolled over after {@link #MAX_ROWS_PER_FILE}
 * rows. Every session leaves at least one file per table (possibly without rows), so every
 * dataset of an export can be globbed.
 */
public final class DatasetWriter implements AutoCloseable {
  public static final long MAX_ROWS_PER_FILE = 1L << 26;

  private final Path tableDir;
  private final Table table;
  private final Partitioning partitioning;
  private final TimestampUnit timestamps;
  private final boolean compressed;
  private final String host;
  private final String fileStem;
  private final long fallbackEpochNs;
  private final Map<String, String> metadata;
  private final FileModes modes;
  private final Map<String, ParquetFile> openByDir = new HashMap<>();
  private final Map<String, Integer> sequenceByDir = new HashMap<>();
  private final List<ParquetFile> files = new ArrayList<>();
  private ParquetFile current;
  private long currentFrom = Long.MAX_VALUE;
  private long currentTo = Long.MIN_VALUE;

  /**
   * @param fallbackEpochNs where an empty table's file goes (the session start)
   */
  public DatasetWriter(Path exportRoot, Table table, Layout layout, String host, String session,
      long fallbackEpochNs, Map<String, String> metadata, FileModes modes) {
    this.tableDir = exportRoot.resolve(table.name());
    this.table = table;
    this.partitioning = layout.partitioning();
    this.timestamps = layout.timestamps();
    this.compressed = layout.compressed();
    this.host = host;
    this.fileStem = "part-" + Partitioning.escape(session);
    this.fallbackEpochNs = fallbackEpochNs;
    this.metadata = metadata;
    this.modes = modes;
  }

  public Table table() {
    return table;
  }

  /** The file for a row with this timestamp (epoch ns); cheap when it is the previous row's. */
  public ParquetFile file(long epochNs) {
    if (epochNs >= currentFrom && epochNs < currentTo && current.rows() < MAX_ROWS_PER_FILE) {
      return current;
    }
    return switchTo(epochNs);
  }

  private ParquetFile switchTo(long epochNs) {
    long day = Partitioning.day(epochNs);
    String dir = partitioning.directory(host, day);
    ParquetFile f = openByDir.get(dir);
    if (f != null && f.rows() >= MAX_ROWS_PER_FILE) {
      f.close();
      f = null;
    }
    if (f == null) {
      f = open(dir);
      openByDir.put(dir, f);
    }
    current = f;
    currentFrom = partitioning.byDate() ? Partitioning.dayStartNs(day) : Long.MIN_VALUE;
    currentTo = partitioning.byDate() ? Partitioning.dayEndNs(day) : Long.MAX_VALUE;
    return f;
  }

  private ParquetFile open(String dir) {
    Path parent = dir.isEmpty() ? tableDir : tableDir.resolve(dir);
    int n = sequenceByDir.merge(dir, 1, Integer::sum) - 1;
    Path path = parent.resolve(fileStem + "-" + n + ".parquet");
    try {
      modes.createDirectories(parent);
    } catch (IOException e) {
      throw AnalyzeException.cannotWrite(parent, e);
    }
    ParquetFile f = ParquetFile.create(path, table, partitioning.columnsInPaths(), timestamps, compressed, metadata, modes);
    files.add(f);
    return f;
  }

  /** Closes every file; returns them (rows and paths) for the export's summary. */
  @Override
  public void close() {
    if (files.isEmpty()) {
      file(fallbackEpochNs);
    }
    for (ParquetFile f : files) {
      f.close();
    }
  }

  public List<ParquetFile> files() {
    return files;
  }

  public long rows() {
    long n = 0;
    for (ParquetFile f : files) {
      n += f.rows();
    }
    return n;
  }

  public void abort() {
    for (ParquetFile f : files) {
      f.abort();
    }
  }
}
