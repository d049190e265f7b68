package io.tcptop.analyze.parquet;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Pages as they are, for an export that is not compressed ({@link Layout#compressed()}). */
final class UncompressedPages implements BytesInputCompressor {

  @Override
  public BytesInput compress(BytesInput bytes) {
    return bytes;
  }

  @Override
  public CompressionCodecName getCodecName() {
    return CompressionCodecName.UNCOMPRESSED;
  }

  @Override
  public void release() {}
}
