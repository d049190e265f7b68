package io.tcptop.journal;

import io.tcptop.error.JournalException;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Loss;
import io.tcptop.event.RttSample;
import io.tcptop.event.Seed;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.StateChange;
import io.tcptop.event.Tick;
import io.tcptop.event.Traffic;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import net.openhft.chronicle.bytes.Bytes;
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
   * Options of a new journal. {@code millisClock} names Chronicle's cycle files (tests pin it);
   * {@code group}, when not null, is the group that may read the journal (else its owner only).
   */
  public record Options(boolean force, long blockSize, LongSupplier millisClock, String group) {
    public Options {
      // Chronicle caps a document at a quarter of a block; batches are up to ~36 KiB.
      if (blockSize < 256 * 1024) {
        throw new IllegalArgumentException("blockSize must be at least 256 KiB, was " + blockSize);
      }
    }

    public Options(boolean force, long blockSize, LongSupplier millisClock) {
      this(force, blockSize, millisClock, null);
    }

    public static Options defaults() {
      return new Options(false, 16L << 20, null, null);
    }

    public Options withForce(boolean f) {
      return new Options(f, blockSize, millisClock, group);
    }

    public Options withGroup(String g) {
      return new Options(force, blockSize, millisClock, g);
    }
  }

  private final Path dir;
  private final JournalDirectory directory;
  private final Preallocator space;
  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final JournalFormat.Encoder encoder;
  private long records;
  private long bytesWritten;
  private boolean failed;
  private boolean closed;

  private JournalWriter(Path dir, JournalDirectory directory, Preallocator space,
      SingleChronicleQueue queue, int version) {
    this.dir = dir;
    this.directory = directory;
    this.space = space;
    this.queue = queue;
    this.appender = queue.createAppender();
    this.encoder = new JournalFormat.Encoder(version);
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
    JournalDirectory directory = JournalDirectory.open(dir, access, options.force());
    CreationMask.hold(access.creationMask());
    LongSupplier clock = options.millisClock() != null ? options.millisClock() : System::currentTimeMillis;
    Preallocator space = new Preallocator(directory.inside(), dir, access, Chronicle.ROLL_CYCLE, clock,
        2 * JournalFormat.BATCH_TARGET_BYTES); // a batch: its target size, one record more, its header
    SingleChronicleQueue queue = null;
    try {
      space.beforeBuild();
      queue = Chronicle.forWriting(directory.inside(), options.blockSize(), options.millisClock());
      return new JournalWriter(dir, directory, space, queue, version);
    } catch (RuntimeException | InternalError e) {
      if (queue != null) {
        queue.close();
      }
      directory.discard();
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
    encoder.traffic(direction == Direction.SEND, tsNs, flow.id(), bytes);
    records++;
    if (encoder.isFull()) {
      flush();
    }
  }

  @Override
  public void onEvent(Event event) {
    switch (event) {
      case Flow f -> encoder.flow(f);
      case StateChange s -> encoder.state(s);
      case RttSample r -> encoder.rtt(r);
      case Seed s -> encoder.seed(s);
      case Tick t -> encoder.tick(t.tsNs());
      case Loss l -> encoder.loss(l);
      case SessionEnd e -> encoder.end(e);
      case SessionStart h -> {
        encoder.header(h);
        records++;
        // A journal exists from its header on: write it at once.
        flush();
        return;
      }
      case Traffic t -> {
        onTraffic(t.tsNs(), t.flow(), t.direction(), t.bytes());
        return;
      }
    }
    records++;
    if (encoder.isFull()) {
      flush();
    }
  }

  @Override
  public void onFlush() {
    flush();
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
    if (encoder.isEmpty() || failed) {
      return;
    }
    int length = encoder.seal();
    Bytes<?> bytes = null;
    long payloadAt = -1;
    try {
      space.beforeWrite(appender, length);
      try (DocumentContext dc = appender.writingDocument()) {
        bytes = dc.wire().bytes();
        payloadAt = bytes.writePosition();
        try {
          bytes.write(encoder.array(), 0, length);
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
    encoder.reset();
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
   * Fails now, with the reason, if {@link #create} would fail on the directory itself: lets the
   * recorder refuse before it loads anything into the kernel.
   */
  public static void checkCanCreate(Path dir, Options options) {
    JournalAccess.of(options.group());
    JournalDirectory.check(dir, options.force());
  }
}
