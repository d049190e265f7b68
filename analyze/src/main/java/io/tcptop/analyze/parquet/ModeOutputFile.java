package io.tcptop.analyze.parquet;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** A local Parquet output file created with the export's {@link FileModes} (parquet's own LocalOutputFile cannot set a mode). */
final class ModeOutputFile implements OutputFile {
  private final Path path;
  private final FileModes modes;

  ModeOutputFile(Path path, FileModes modes) {
    this.path = path;
    this.modes = modes;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return new Stream(new BufferedOutputStream(Channels.newOutputStream(modes.createFile(path)), 1 << 16));
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    // Exports write only new files below a fresh temporary directory.
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return -1;
  }

  @Override
  public String getPath() {
    return path.toString();
  }

  private static final class Stream extends PositionOutputStream {
    private final OutputStream out;
    private long position;

    Stream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      position += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
