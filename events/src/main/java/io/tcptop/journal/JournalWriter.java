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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends events to a journal in the order received, starting with the stream's
 * {@link SessionStart}, which it stamps with this tcptop's format version. Records collect in a
 * batch that becomes one Chronicle document when it is full or when the source flushes (a live
 * source after each ring-buffer drain), so a killed recorder loses at most what came after the
 * last flush.
 */
public final class JournalWriter implements EventHandler, AutoCloseable {

  /** Options of a new journal. {@code millisClock} names Chronicle's cycle files (tests pin it). */
  public record Options(boolean force, long blockSize, LongSupplier millisClock) {
    public Options {
      // Chronicle caps a document at a quarter of a block; batches are up to ~36 KiB.
      if (blockSize < 256 * 1024) {
        throw new IllegalArgumentException("blockSize must be at least 256 KiB, was " + blockSize);
      }
    }

    public static Options defaults() {
      return new Options(false, 16L << 20, null);
    }

    public Options withForce(boolean f) {
      return new Options(f, blockSize, millisClock);
    }
  }

  private final Path dir;
  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final JournalFormat.Encoder encoder;
  private long records;
  private long bytesWritten;
  private boolean closed;

  private JournalWriter(Path dir, SingleChronicleQueue queue, int version) {
    this.dir = dir;
    this.queue = queue;
    this.appender = queue.createAppender();
    this.encoder = new JournalFormat.Encoder(version);
  }

  /**
   * Creates the journal directory (owner-only) and its queue; the first event handed over must
   * be the stream's {@link SessionStart}.
   */
  public static JournalWriter create(Path dir, Options options) {
    return create(dir, options, JournalFormat.VERSION);
  }

  /** Creates the journal and writes its header: for copies of streams that have one already. */
  public static JournalWriter create(Path dir, SessionStart header, Options options) {
    JournalWriter w = create(dir, options);
    w.onEvent(header);
    return w;
  }

  /** Tests write journals of other versions through this. */
  static JournalWriter create(Path dir, Options options, int version) {
    prepareDirectory(dir, options.force());
    SingleChronicleQueue queue;
    try {
      queue = Chronicle.forWriting(dir, options.blockSize(), options.millisClock());
    } catch (RuntimeException e) {
      throw JournalException.io(dir, "create journal in", e);
    }
    return new JournalWriter(dir, queue, version);
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
        // A journal exists from its header on: write it at once, owner-only like the rest.
        flush();
        JournalFiles.restrictToOwner(dir);
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

  /** Writes the pending batch as one document. */
  public void flush() {
    if (encoder.isEmpty()) {
      return;
    }
    int length = encoder.seal();
    try (DocumentContext dc = appender.writingDocument()) {
      dc.wire().bytes().write(encoder.array(), 0, length);
    } catch (InternalError e) {
      // The JVM's report of a SIGBUS on the mapped file: the disk is full, or the file shrank.
      throw JournalException.io(dir, "write to", new java.io.IOException("no space left on its disk, or its file was truncated", e));
    } catch (RuntimeException e) {
      throw JournalException.io(dir, "write to", e);
    }
    bytesWritten += length + 4;
    encoder.reset();
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
    closed = true;
    try {
      flush();
    } finally {
      queue.close();
      JournalFiles.restrictToOwner(dir);
    }
  }

  /**
   * Fails now, with the reason, if {@link #create} would fail on the directory itself: lets the
   * recorder refuse before it loads anything into the kernel.
   */
  public static void checkCanCreate(Path dir, boolean force) {
    if (Files.isRegularFile(dir)) {
      throw JournalException.notEmpty(dir);
    }
    if (Files.isDirectory(dir)) {
      boolean journal = JournalFiles.looksLikeJournal(dir);
      if (journal && !force) {
        throw JournalException.exists(dir);
      }
      try (Stream<Path> s = Files.list(dir)) {
        if (!journal && s.findAny().isPresent()) {
          throw JournalException.notEmpty(dir);
        }
      } catch (IOException e) {
        throw JournalException.io(dir, "read", e);
      }
    }
    Path existing = dir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      throw JournalException.io(dir, "create journal", new IOException(
          (existing == null ? "no existing parent" : existing + " is not a writable directory")));
    }
  }

  private static void prepareDirectory(Path dir, boolean force) {
    checkCanCreate(dir, force);
    try {
      if (Files.isDirectory(dir)) {
        JournalFiles.deleteJournalFiles(dir);
      } else {
        Files.createDirectories(dir);
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException | UncheckedIOException e) {
      throw JournalException.io(dir, "create journal directory", e);
    }
  }
}
