package io.tcptop.journal;

import io.tcptop.error.JournalException;
import io.tcptop.event.ConnectionSnapshot;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Seed;
import io.tcptop.event.SessionStart;
import io.tcptop.event.Tick;
import io.tcptop.event.Traffic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends events to a journal in the order received, starting with the stream's
 * {@link SessionStart}, which it stamps with this tcptop's format version. Records collect in a
 * batch that becomes one Chronicle document when it is full or when the source flushes (a live
 * source after each ring-buffer drain), so a killed recorder loses at most what came after the
 * last flush.
 *
 * <p>The journal directory is created by the writer (see {@link JournalDirectory}) and every file
 * in it is created owner-only, or readable by one group ({@link Options#group()}), from the start.
 * Disk blocks are allocated before Chronicle writes to them ({@link Preallocator}), so a full
 * disk stops the writer with an error between documents, never in the middle of one.
 */
public final class JournalWriter implements EventHandler, AutoCloseable {

  /**
   * Options of a journal. {@code millisClock} names Chronicle's cycle files (tests pin it);
   * {@code group}, when not null, is the group that may read the journal (else its owner only);
   * {@code rolling}, when not null, makes it a rolling journal that keeps a window.
   */
  public record Options(boolean force, long blockSize, LongSupplier millisClock, String group, Retention rolling) {
    public Options {
      // Chronicle caps a document at a quarter of a block; batches are up to ~36 KiB.
      if (blockSize < 256 * 1024) {
        throw new IllegalArgumentException("blockSize must be at least 256 KiB, was " + blockSize);
      }
    }

    public Options(boolean force, long blockSize, LongSupplier millisClock) {
      this(force, blockSize, millisClock, null, null);
    }

    public static Options defaults() {
      return new Options(false, 16L << 20, null, null, null);
    }

    public Options withForce(boolean f) {
      return new Options(f, blockSize, millisClock, group, rolling);
    }

    public Options withGroup(String g) {
      return new Options(force, blockSize, millisClock, g, rolling);
    }

    /**
     * A rolling journal: one cycle file a minute, a key frame after the first tick of each, the
     * oldest cycles deleted to keep the window. On a directory that already holds the caller's
     * rolling journal it continues it as a new session.
     */
    public Options rolling(Retention window) {
      return new Options(force, blockSize, millisClock, group, window);
    }
  }

  private final Path dir;
  private final JournalDirectory directory;
  private final Preallocator space;
  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final JournalFormat.Encoder encoder;
  private final KeyFrames keyFrames;
  private final Retention retention;
  private final LongSupplier clock;
  private long records;
  private long bytesWritten;
  private boolean failed;
  private boolean closed;
  /** The cycle that holds the latest header or key frame: a new cycle gets a key frame. */
  private int framedCycle = Integer.MIN_VALUE;

  private JournalWriter(Path dir, JournalDirectory directory, Preallocator space,
      SingleChronicleQueue queue, int version, Retention retention, LongSupplier clock) {
    this.dir = dir;
    this.directory = directory;
    this.space = space;
    this.queue = queue;
    this.appender = queue.createAppender();
    this.encoder = new JournalFormat.Encoder(version);
    this.retention = retention;
    this.keyFrames = retention == null ? null : new KeyFrames();
    this.clock = clock != null ? clock : System::currentTimeMillis;
  }

  /**
   * Creates the journal directory and its queue; the first event handed over must be the stream's
   * {@link SessionStart}.
   */
  public static JournalWriter create(Path dir, Options options) {
    return create(dir, options, JournalFormat.VERSION);
  }

  /** Creates the journal and writes its header: for copies of streams that have one already. */
  public static JournalWriter create(Path dir, SessionStart header, Options options) {
    JournalWriter w = create(dir, options);
    try {
      w.onEvent(header);
    } catch (RuntimeException e) {
      w.discard();
      throw e;
    }
    return w;
  }

  /** Tests write journals of other versions through this. */
  static JournalWriter create(Path dir, Options options, int version) {
    JournalAccess access = JournalAccess.of(options.group());
    boolean rolling = options.rolling() != null;
    JournalDirectory directory = JournalDirectory.open(dir, access, options.force(), rolling);
    CreationMask.hold(access.creationMask());
    LongSupplier clock = options.millisClock() != null ? options.millisClock() : System::currentTimeMillis;
    Chronicle.Cycle cycle = rolling ? rollingCycle() : Chronicle.Cycle.DAILY;
    Preallocator space = new Preallocator(directory.inside(), dir, access, cycle.rollCycle, clock,
        2 * JournalFormat.BATCH_TARGET_BYTES); // a batch: its target size, one record more, its header
    SingleChronicleQueue queue = null;
    try {
      space.beforeBuild();
      queue = Chronicle.forWriting(directory.inside(), options.blockSize(), options.millisClock(), cycle);
      return new JournalWriter(dir, directory, space, queue, version, options.rolling(), clock);
    } catch (RuntimeException | InternalError e) {
      if (queue != null) {
        queue.close();
      }
      if (!directory.continued()) {
        directory.discard();
      }
      directory.close();
      CreationMask.release();
      if (e instanceof JournalException j) {
        throw j;
      }
      if (e instanceof InternalError) {
        throw JournalException.noSpace(dir, "to create the journal");
      }
      throw JournalException.io(dir, "create journal in", e);
    }
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    if (keyFrames != null) {
      keyFrames.onTraffic(tsNs, flow, direction, bytes);
    }
    encoder.traffic(direction == Direction.SEND, tsNs, flow.id(), bytes);
    records++;
    if (encoder.isFull()) {
      flush();
    }
  }

  @Override
  public void onEvent(Event event) {
    if (keyFrames != null && !(event instanceof Traffic)) {
      keyFrames.onEvent(event);
    }
    if (event instanceof Traffic t) {
      onTraffic(t.tsNs(), t.flow(), t.direction(), t.bytes());
      return;
    }
    encoder.event(event);
    records++;
    if (event instanceof SessionStart) {
      // A journal exists from its header on: write it at once.
      flush();
      framedCycle = lastCycle();
    } else if (event instanceof Tick && keyFrames != null) {
      flush();
      frameNewCycle();
    } else if (encoder.isFull()) {
      flush();
    }
  }

  /**
   * A place to hold records until it is known whether they go into this journal: encoded as this
   * writer encodes them, written by {@link #write(HeldRecords)} or forgotten.
   */
  public HeldRecords hold() {
    return new HeldRecords(encoder.version());
  }

  /**
   * Appends what {@code held} holds, after everything handed over before (which is flushed first),
   * and empties it. The batches come out as they would have had the records been handed over one
   * by one after a flush. Not for a rolling journal, whose key frames follow each record.
   */
  public void write(HeldRecords held) {
    if (keyFrames != null) {
      throw new IllegalStateException("a rolling journal takes its records one by one");
    }
    flush();
    int n = held.batchCount();
    for (int i = 0; i < n; i++) {
      JournalFormat.Encoder batch = held.held(i);
      if (batch.isFull()) {
        append(batch);
      } else {
        encoder.append(batch); // the last, partly filled batch: what follows joins it
      }
    }
    records += held.records();
    held.clear();
  }

  @Override
  public void onFlush() {
    flush();
  }

  /** After the first tick written into a new roll cycle: a key frame, then the window's limits. */
  private void frameNewCycle() {
    int cycle = lastCycle();
    if (cycle == framedCycle || !keyFrames.ready()) {
      return;
    }
    keyFrame(keyFrames.frame());
    framedCycle = cycle;
    keepWindow();
  }

  /**
   * Writes a key frame: a session header, flow descriptions and connection snapshots, in batches
   * flagged so that readers apply them only where they start reading. A dump or a slice starts
   * with one. They do not count as records: a reader from the start skips them.
   */
  public void keyFrame(List<Event> frame) {
    flush();
    for (Event e : frame) {
      encoder.keyframe(true);
      switch (e) {
        case SessionStart h -> encoder.header(h);
        case Flow f -> encoder.flow(f);
        case Seed s -> encoder.seed(s);
        case ConnectionSnapshot c -> encoder.connection(c);
        default -> throw new IllegalArgumentException("not part of a key frame: " + e);
      }
      if (encoder.isFull()) {
        flush();
      }
    }
    flush();
  }

  /** Deletes the oldest cycle files (tcptop's own, never the one being written) beyond the window. */
  private void keepWindow() {
    List<Path> old = retention.toDelete(Chronicle.cycleFiles(queue, directory.inside()), clock.getAsLong());
    for (Path p : old) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        throw JournalException.io(p, "delete the old cycle file", e);
      }
    }
    if (!old.isEmpty()) {
      // Read-only readers take the first cycle from the queue's metadata: tell it.
      queue.refreshDirectoryListing();
    }
  }

  private int lastCycle() {
    long index = appender.lastIndexAppended();
    return queue.rollCycle().toCycle(index);
  }

  /** Records written, the header and END included (what a replay of the journal counts). */
  public long records() {
    return records;
  }

  /**
   * Writes the pending batch as one document. After a failed write the writer writes nothing more:
   * the journal ends at its last whole document.
   */
  public void flush() {
    if (encoder.isEmpty()) {
      return;
    }
    append(encoder);
    encoder.reset();
  }

  /** Writes a batch as one document; see {@link #flush()}. */
  private void append(JournalFormat.Encoder batch) {
    if (failed) {
      return;
    }
    int length = batch.seal();
    Bytes<?> bytes = null;
    long payloadAt = -1;
    try {
      space.beforeWrite(appender, length);
      try (DocumentContext dc = appender.writingDocument()) {
        bytes = dc.wire().bytes();
        payloadAt = bytes.writePosition();
        try {
          writePayload(bytes, batch.array(), length);
        } catch (IOException e) {
          dc.rollbackOnClose();
          throw JournalException.io(dir, "write to", e);
        } catch (RuntimeException | Error e) {
          // Without this the half-copied document would be committed when dc closes.
          dc.rollbackOnClose();
          throw e;
        }
      }
    } catch (JournalException e) {
      failed = true;
      throw e;
    } catch (InternalError e) {
      // The JVM's report of a SIGBUS on the mapped file: the disk is full, or the file shrank.
      failed = true;
      wipe(bytes, payloadAt, length);
      throw JournalException.io(dir, "write to", new java.io.IOException("no space left on its disk, or its file was truncated", e));
    } catch (RuntimeException e) {
      failed = true;
      throw JournalException.io(dir, "write to", e);
    }
    bytesWritten += length + 4;
  }

  /**
   * Puts a document's payload into the cycle file through the file's descriptor (pwrite), not
   * through Chronicle's mapping of it, once Chronicle's write position is past it. Stored through
   * the mapping, every new page of the file takes a page fault, and those cost a dump or a slice
   * more CPU than anything else it does (docs/PERFORMANCE.md); written through the descriptor,
   * the kernel fills its page cache without them. The file and the mapping share that page cache,
   * so Chronicle and every reader see the same bytes. Chronicle still writes the document's
   * header, which commits it after the payload is in, and its index. A write that fails part of
   * the way (no space left, where no blocks could be allocated ahead) zeroes what it wrote, so
   * the journal ends at its last whole document.
   */
  private static void writePayload(Bytes<?> bytes, byte[] array, int length) throws IOException {
    if (!(bytes instanceof MappedBytes mapped)) {
      bytes.write(array, 0, length);
      return;
    }
    long at = bytes.writePosition();
    bytes.writeSkip(length); // Chronicle maps the part of the file the document takes, and sizes the file for it
    FileChannel file = mapped.mappedFile().raf().getChannel();
    ByteBuffer src = ByteBuffer.wrap(array, 0, length);
    try {
      while (src.hasRemaining()) {
        file.write(src, at + src.position());
      }
    } catch (IOException e) {
      zero(file, at, src.position());
      throw e;
    }
  }

  private static void zero(FileChannel file, long at, int length) {
    try {
      ByteBuffer zeros = ByteBuffer.allocate(length);
      while (zeros.hasRemaining()) {
        file.write(zeros, at + zeros.position());
      }
    } catch (IOException ignored) {
      // the blocks it wrote to were allocated by the write it undoes: this does not fail for space
    }
  }

  /**
   * Zeroes what a faulted copy left of a document whose header the rollback zeroed, so the journal
   * ends where its last whole document does; it stops at the page the disk could not back, where
   * the copy stopped too.
   */
  private static void wipe(Bytes<?> bytes, long from, int length) {
    if (bytes == null || from < 0) {
      return;
    }
    try {
      bytes.zeroOut(from, from + length);
    } catch (RuntimeException | InternalError e) {
      // the first page without a block behind it: nothing was copied from there on
    }
  }

  /**
   * What the journal takes on disk (allocated blocks of its cycle files) and where its oldest
   * cycle file begins (epoch ms; 0 without one). Reads only the directory, so a thread other than
   * the writer's may call it, e.g. to serve metrics.
   */
  public record Usage(long allocatedBytes, long oldestCycleStartMs) {}

  /** See {@link Usage}; until {@link #close}. */
  public Usage usage() {
    List<Retention.CycleFile> files = Chronicle.cycleFiles(queue, dir);
    long bytes = 0;
    for (Retention.CycleFile f : files) {
      bytes += f.allocatedBytes();
    }
    return new Usage(bytes, files.isEmpty() ? 0 : files.get(0).startEpochMs());
  }

  /** Whether this journal keeps a rolling window (and so deletes its oldest files). */
  public boolean rolling() {
    return retention != null;
  }

  /** Bytes appended to the journal, Chronicle's 4-byte document headers included. */
  public long bytesWritten() {
    return bytesWritten;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (failed && bytesWritten == 0) {
      discard(); // not even the header was written: leave no journal rather than an empty one
      return;
    }
    closed = true;
    try {
      flush();
    } finally {
      try {
        queue.close();
        space.close();
      } catch (RuntimeException | InternalError e) {
        throw JournalException.io(dir, "close", e);
      } finally {
        directory.close();
        CreationMask.release();
      }
    }
  }

  /** After a failed start: closes and removes everything this writer made. */
  private void discard() {
    closed = true;
    try {
      queue.close();
      space.close();
    } finally {
      directory.discard();
      directory.close();
      CreationMask.release();
    }
  }

  /**
   * The roll cycle of rolling journals: a minute; tests of rolling set tcptop.rollCycle=SECONDLY
   * to see many cycles in seconds.
   */
  private static Chronicle.Cycle rollingCycle() {
    return Chronicle.Cycle.valueOf(System.getProperty("tcptop.rollCycle", "MINUTELY"));
  }

  /** How long one file of a rolling journal lasts, in milliseconds: the grain of its window. */
  public static long rollingCycleMillis() {
    return rollingCycle().rollCycle.lengthInMillis();
  }

  /**
   * Removes a journal this process has just written and closed, and its directory: for a command
   * that finds out afterwards that what it wrote holds nothing. Only journal files are removed; a
   * directory that holds anything else stays.
   */
  public static void discard(Path dir) {
    try {
      JournalFiles.deleteWritten(dir);
      Files.deleteIfExists(dir);
    } catch (IOException | UncheckedIOException e) {
      // What is left is an empty journal, said in the error the caller reports.
    }
  }

  /**
   * Fails now, with the reason, if {@link #create} would fail on the directory itself: lets the
   * recorder refuse before it loads anything into the kernel.
   */
  public static void checkCanCreate(Path dir, Options options) {
    checkGroup(options.group());
    JournalDirectory.check(dir, options.force(), options.rolling() != null);
  }

  /** Fails, saying so, when {@code group} (a name or a number; null for none) is no group of this host. */
  public static void checkGroup(String group) {
    JournalAccess.of(group);
  }
}
