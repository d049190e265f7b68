package io.tcptop.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One Chronicle Queue cycle file's bytes, read with plain reads (never mapped, so a short or
 * damaged file cannot fault), for reading where Chronicle's own reader cannot go on. It knows
 * Chronicle's document framing: each document starts at a 4-byte-aligned offset with a 4-byte
 * little-endian header holding its length (low 30 bits), a metadata flag and a "not complete"
 * flag, the writer's mark on a document it has not finished. Bytes past the end read as zero,
 * like the never-written rest of a cycle file.
 */
final class CycleFile implements AutoCloseable {
  static final int HEADER_BYTES = 4;
  static final int NOT_COMPLETE = 0x80000000;
  static final int META_DATA = 0x40000000;
  static final int LENGTH_MASK = 0x3FFFFFFF;
  /** Chronicle's end-of-file marker, written when a cycle rolls over; the word "EOF" may follow it. */
  static final int END_OF_DATA = NOT_COMPLETE | META_DATA;
  private static final int EOF_TEXT = 0x464F45C3;

  private static final int WINDOW = 64 * 1024;
  /** Blank checks read the never-written rest of a file (megabytes of holes) in large reads. */
  private static final int SCAN = 1024 * 1024;
  private static final byte[] ZEROS = new byte[SCAN];

  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
  // Empty until the first read: a window taken as holding the file's first bytes before it was
  // filled read zeros there, and a reader that found data with findNonZero then saw zeros at
  // the same place again, for ever.
  private long windowStart = 0;
  private ByteBuffer scan;

  private CycleFile(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
    window.limit(0);
  }

  static CycleFile open(Path path) {
    try {
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
      return new CycleFile(path, channel, channel.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  static long align(long offset) {
    return (offset + 3) & ~3L;
  }

  static boolean isComplete(int header) {
    return (header & NOT_COMPLETE) == 0;
  }

  static boolean isMetaData(int header) {
    return (header & META_DATA) != 0;
  }

  static int length(int header) {
    return header & LENGTH_MASK;
  }

  /** The little-endian int at {@code offset}. */
  int intAt(long offset) {
    if (offset < windowStart || offset + 4 > windowStart + window.limit()) {
      fill(offset);
    }
    return window.getInt((int) (offset - windowStart));
  }

  /** The first 4-byte-aligned offset from {@code from} on that holds {@code value}; -1 if none. */
  long find(int value, long from) {
    for (long at = align(from); at < size; at += 4) {
      if (intAt(at) == value) {
        return at;
      }
    }
    return -1;
  }

  /** Whether the file ends at {@code offset}: nothing but zeros follows, or Chronicle's end-of-file marker and then zeros. */
  boolean endsAt(long offset) {
    long rest = offset;
    if (intAt(rest) == END_OF_DATA) {
      rest += HEADER_BYTES;
      if (intAt(rest) == EOF_TEXT) {
        rest += 4;
      }
    }
    return blankFrom(rest);
  }

  /**
   * The first 4-byte-aligned offset from {@code from} on whose int is not zero; -1 if none. It
   * reads the file afresh, so in a file that a writer appends to it can find data where the read
   * window still holds the zeros read before: the window is dropped, or a reader that went to the
   * data found would read zeros there again, and look for it again, for ever.
   */
  long findNonZero(long from) {
    if (scan == null) {
      scan = ByteBuffer.allocate(SCAN);
    }
    ByteBuffer chunk = scan;
    for (long at = align(from); at < size; at += SCAN) {
      read(at, SCAN, chunk);
      int i = Arrays.mismatch(chunk.array(), 0, chunk.limit(), ZEROS, 0, chunk.limit());
      if (i >= 0) {
        windowStart = 0;
        window.limit(0);
        return at + (i & ~3);
      }
    }
    return -1;
  }

  /** Reads up to {@code length} bytes at {@code offset} into {@code dst} (cleared; limit = bytes the file holds). */
  ByteBuffer read(long offset, int length, ByteBuffer dst) {
    dst.clear().limit((int) Math.max(0, Math.min(length, size - offset)));
    try {
      while (dst.hasRemaining()) {
        if (channel.read(dst, offset + dst.position()) < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dst.flip();
  }

  /** Whether nothing but zeros lies from {@code offset} (4-byte aligned) to the end of the file. */
  boolean blankFrom(long offset) {
    return findNonZero(offset) < 0;
  }

  private void fill(long offset) {
    long start = offset & ~3L;
    read(start, WINDOW, window);
    windowStart = start;
    if (window.limit() < 4) {
      // Past the end: the missing bytes read as zero.
      int have = window.limit();
      window.limit(4);
      Arrays.fill(window.array(), have, 4, (byte) 0);
    } else {
      window.limit(window.limit() & ~3);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Read-only: nothing is lost.
    }
  }
}
