package io.tcptop.analyze.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.deltastrings.DeltaByteArrayWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * parquet-java's value writers, except that dictionary-encoded strings remember the last few
 * values they saw by identity. The export passes the same {@link Binary} instance for a value
 * that repeats (a row's kind, host, session), so most rows skip the dictionary's hash and
 * equality over the bytes, which dominated a plain writer's profile. The encoding on disk is
 * parquet-java's own: RLE_DICTIONARY, falling back to DELTA_BYTE_ARRAY when the dictionary
 * outgrows its page.
 */
final class RepeatingStringWriters implements ValuesWriterFactory {
  private final DefaultValuesWriterFactory defaults = new DefaultValuesWriterFactory();
  private ParquetProperties props;

  @Override
  public void initialize(ParquetProperties properties) {
    this.props = properties;
    defaults.initialize(properties);
  }

  @Override
  public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
    if (descriptor.getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY
        || !props.isDictionaryEnabled(descriptor)
        || props.getWriterVersion() != ParquetProperties.WriterVersion.PARQUET_2_0) {
      return defaults.newValuesWriter(descriptor);
    }
    return FallbackValuesWriter.of(
        new Remembering(props.getDictionaryPageSizeThreshold(), props),
        new DeltaByteArrayWriter(props.getInitialSlabSize(), props.getPageSizeThreshold(), props.getAllocator()));
  }

  /** A dictionary writer with a small identity cache in front of its hash map. */
  static final class Remembering extends PlainBinaryDictionaryValuesWriter {
    private static final int WAYS = 4;
    private final Binary[] values = new Binary[WAYS];
    private final int[] ids = new int[WAYS];
    private int next;

    Remembering(int maxDictionaryBytes, ParquetProperties props) {
      super(maxDictionaryBytes, Encoding.RLE_DICTIONARY, Encoding.PLAIN, props.getAllocator());
    }

    @Override
    public void writeBytes(Binary v) {
      for (int i = 0; i < WAYS; i++) {
        if (values[i] == v) {
          encodedValues.add(ids[i]);
          return;
        }
      }
      super.writeBytes(v);
      if (!v.isBackingBytesReused()) {
        values[next] = v;
        ids[next] = binaryDictionaryContent.getInt(v);
        next = (next + 1) % WAYS;
      }
    }

    @Override
    protected void clearDictionaryContent() {
      super.clearDictionaryContent();
      java.util.Arrays.fill(values, null);
    }
  }
}
