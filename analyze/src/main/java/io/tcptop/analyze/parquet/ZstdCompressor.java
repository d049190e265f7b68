package io.tcptop.analyze.parquet;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD for parquet-java's page store, calling zstd-jni directly: parquet-java's own codec
 * factory goes through Hadoop's codec classes, which we keep off the class path.
 */
final class ZstdCompressor implements BytesInputCompressor {
  /** zstd's default level: at page sizes, levels 1 to 3 cost the same here and 3 is smaller. */
  static final int LEVEL = 3;

  @Override
  public BytesInput compress(BytesInput bytes) throws IOException {
    ByteBuffer in = bytes.toByteBuffer();
    int length = in.remaining();
    byte[] src;
    int offset;
    if (in.hasArray()) {
      src = in.array();
      offset = in.arrayOffset() + in.position();
    } else {
      src = new byte[length];
      in.get(src);
      offset = 0;
    }
    byte[] dst = new byte[(int) Zstd.compressBound(length)];
    long n = Zstd.compressByteArray(dst, 0, dst.length, src, offset, length, LEVEL);
    if (Zstd.isError(n)) {
      throw new IOException("zstd: " + Zstd.getErrorName(n));
    }
    return BytesInput.from(dst, 0, (int) n);
  }

  @Override
  public CompressionCodecName getCodecName() {
    return CompressionCodecName.ZSTD;
  }

  @Override
  public void release() {}
}
