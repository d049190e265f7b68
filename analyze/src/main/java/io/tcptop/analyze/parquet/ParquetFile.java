package io.tcptop.analyze.parquet;

import io.tcptop.analyze.AnalyzeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet file written column by column with parquet-java's own column writers, page store
 * and file writer: the same machinery {@code ParquetWriter} drives, minus its record layer
 * (which walks the schema for every value) and minus Hadoop. Callers put one value into every
 * column's {@link Slot}, then call {@link #endRow()}.
 *
 * <p>PARQUET_2_0 pages: DELTA_BINARY_PACKED for integers and timestamps (monotonic timestamps
 * cost about two bytes), RLE dictionaries only where the table asks for them, ZSTD (or no
 * compression, for a temporary export: {@link Layout#compressed()}).
 */
public final class ParquetFile implements AutoCloseable {
  private static final ZstdCompressor ZSTD = new ZstdCompressor();
  private static final UncompressedPages UNCOMPRESSED = new UncompressedPages();

  private final Path path;
  private final MessageType schema;
  private final ParquetProperties props;
  private final ParquetFileWriter writer;
  private final Slot[] slots;
  private final int rowGroupRows;
  private final BytesInputCompressor compressor;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore store;
  private int groupRows;
  private long rows;
  private boolean closed;

  private ParquetFile(Path path, Table table, Set<String> omitted, TimestampUnit timestamps, boolean compressed,
      Map<String, String> metadata, FileModes modes) throws IOException {
    this.path = path;
    this.schema = table.schema(omitted, timestamps);
    this.rowGroupRows = table.rowGroupRows();
    this.compressor = compressed ? ZSTD : UNCOMPRESSED;
    ParquetProperties.Builder pb = ParquetProperties.builder()
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
        .withPageSize(1 << 20)
        .withPageRowCountLimit(1 << 20)
        .withDictionaryEncoding(false)
        .withValuesWriterFactory(new RepeatingStringWriters())
        .withExtraMetaData(metadata);
    for (Column c : table.columns()) {
      if (c.dictionary()) {
        pb.withDictionaryEncoding(c.name(), true);
      }
    }
    for (String c : table.withoutStatistics()) {
      pb.withStatisticsEnabled(c, false);
    }
    this.props = pb.build();
    this.writer = new ParquetFileWriter(new ModeOutputFile(path, modes), schema, ParquetFileWriter.Mode.CREATE,
        Long.MAX_VALUE, 0, null, props);
    writer.start();
    this.slots = new Slot[table.columns().size()];
    for (Column c : table.columns()) {
      slots[c.index()] = new Slot(c, omitted.contains(c.name()), timestamps);
    }
    startRowGroup();
  }

  /**
   * Creates the file with {@code modes}; {@code omitted} columns (partition keys) are accepted and
   * dropped; pages are ZSTD-compressed when {@code compressed}.
   */
  public static ParquetFile create(Path path, Table table, Set<String> omitted, TimestampUnit timestamps,
      boolean compressed, Map<String, String> metadata, FileModes modes) {
    try {
      return new ParquetFile(path, table, omitted, timestamps, compressed, metadata, modes);
    } catch (IOException | RuntimeException e) {
      throw AnalyzeException.cannotWrite(path, e);
    }
  }

  public Slot slot(Column column) {
    return slots[column.index()];
  }

  /** Ends the row whose values the slots received. */
  public void endRow() {
    store.endRecord();
    rows++;
    if (++groupRows >= rowGroupRows) {
      flushRowGroup();
      startRowGroup();
    }
  }

  public long rows() {
    return rows;
  }

  public Path path() {
    return path;
  }

  /** Writes the last row group and the footer. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushRowGroup();
      writer.end(Map.of());
    } catch (IOException | RuntimeException e) {
      abortQuietly();
      throw AnalyzeException.cannotWrite(path, e);
    }
  }

  /** Gives up on the file; the export removes its temporary directory. */
  public void abort() {
    if (!closed) {
      closed = true;
      abortQuietly();
    }
  }

  private void abortQuietly() {
    try {
      writer.abort();
      writer.close();
    } catch (IOException | RuntimeException ignored) {
      // Already failing: the first error is the one to report.
    }
  }

  private void startRowGroup() {
    pages = ColumnChunkPageWriteStore.builder()
        .withSchema(schema)
        .withAllocator(props.getAllocator())
        .withCompressorProvider(d -> compressor)
        .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
        .build();
    store = props.newColumnWriteStore(schema, pages, pages);
    List<ColumnDescriptor> descriptors = schema.getColumns();
    for (Slot s : slots) {
      s.writer = null;
    }
    for (ColumnDescriptor d : descriptors) {
      for (Slot s : slots) {
        if (!s.omitted && s.column.name().equals(d.getPath()[0])) {
          s.writer = store.getColumnWriter(d);
        }
      }
    }
    groupRows = 0;
  }

  private void flushRowGroup() {
    try {
      if (groupRows > 0) {
        writer.startBlock(groupRows);
        store.flush();
        pages.flushToFileWriter(writer);
        writer.endBlock();
      }
    } catch (IOException e) {
      throw AnalyzeException.cannotWrite(path, e);
    } finally {
      store.close();
      pages.close();
    }
  }

  /** Where one column's values go. A slot of an omitted (partition) column drops them. */
  public static final class Slot {
    private final Column column;
    private final boolean omitted;
    private final int definition;
    private final TimestampUnit timestamps;
    private ColumnWriter writer;

    private Slot(Column column, boolean omitted, TimestampUnit timestamps) {
      this.column = column;
      this.omitted = omitted;
      this.definition = column.nullable() ? 1 : 0;
      this.timestamps = timestamps;
    }

    /** A TIMESTAMP column's value, given in epoch nanoseconds and stored in the file's unit. */
    public void putTimestamp(long epochNs) {
      if (writer != null) {
        writer.write(timestamps.fromEpochNs(epochNs), 0, definition);
      }
    }

    public void putLong(long v) {
      if (writer != null) {
        writer.write(v, 0, definition);
      }
    }

    public void putInt(int v) {
      if (writer != null) {
        writer.write(v, 0, definition);
      }
    }

    public void putDouble(double v) {
      if (writer != null) {
        writer.write(v, 0, definition);
      }
    }

    public void putBoolean(boolean v) {
      if (writer != null) {
        writer.write(v, 0, definition);
      }
    }

    public void putString(Binary v) {
      if (writer != null) {
        writer.write(v, 0, definition);
      }
    }

    public void putString(String v) {
      if (writer != null) {
        writer.write(Binary.fromConstantByteArray(v.getBytes(StandardCharsets.UTF_8)), 0, definition);
      }
    }

    public void putNull() {
      if (writer != null) {
        writer.writeNull(0, 0);
      }
    }
  }
}
