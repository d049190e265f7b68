package io.tcptop.journal;

import io.tcptop.error.JournalException;
import io.tcptop.event.ConnectionSnapshot;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
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
import java.util.List;
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

  /**
   * Options of a journal. {@code millisClock} names Chronicle's cycle files (tests pin it);
   * {@code rolling}, when not null, makes it a rolling journal that keeps a window.
   */
  public record Options(boolean force, long blockSize, LongSupplier millisClock, Retention rolling) {
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
      return new Options(f, blockSize, millisClock, rolling);
    }

    /**
     * A rolling journal: one cycle file a minute, a key frame after the first tick of each, the
     * oldest cycles deleted to keep the window. On a directory that already holds the caller's
     * rolling journal it continues it as a new session.
     */
    public Options rolling(Retention window) {
      return new Options(force, blockSize, millisClock, window);
    }
  }

  private final Path dir;
  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final JournalFormat.Encoder encoder;
  private final KeyFrames keyFrames;
  private final Retention retention;
  private final LongSupplier clock;
  private long records;
  private long bytesWritten;
  private boolean closed;
  /** The cycle that holds the latest header or key frame: a new cycle gets a key frame. */
  private int framedCycle = Integer.MIN_VALUE;

  private JournalWriter(Path dir, SingleChronicleQueue queue, int version, Retention retention, LongSupplier clock) {
    this.dir = dir;
    this.queue = queue;
    this.appender = queue.createAppender();
    this.encoder = new JournalFormat.Encoder(version);
    this.retention = retention;
    this.keyFrames = retention == null ? null : new KeyFrames();
    this.clock = clock != null ? clock : System::currentTimeMillis;
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
    boolean rolling = options.rolling() != null;
    boolean continues = rolling && JournalFiles.looksLikeJournal(dir);
    if (!continues) {
      prepareDirectory(dir, options.force());
    }
    SingleChronicleQueue queue;
    try {
      queue = Chronicle.forWriting(dir, options.blockSize(), options.millisClock(),
          rolling ? rollingCycle() : Chronicle.Cycle.DAILY);
    } catch (RuntimeException e) {
      throw JournalException.io(dir, "create journal in", e);
    }
    return new JournalWriter(dir, queue, version, options.rolling(), options.millisClock());
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
    switch (event) {
      case Flow f -> encoder.flow(f);
      case StateChange s -> encoder.state(s);
      case RttSample r -> encoder.rtt(r);
      case Seed s -> encoder.seed(s);
      case Tick t -> {
        encoder.tick(t.tsNs());
        records++;
        if (keyFrames != null) {
          flush();
          frameNewCycle();
        } else if (encoder.isFull()) {
          flush();
        }
        return;
      }
      case FlowGone g -> encoder.forget(g);
      case ConnectionSnapshot c -> encoder.connection(c);
      case Loss l -> encoder.loss(l);
      case SessionEnd e -> encoder.end(e);
      case SessionStart h -> {
        encoder.header(h);
        records++;
        // A journal exists from its header on: write it at once, owner-only like the rest.
        flush();
        JournalFiles.restrictToOwner(dir);
        framedCycle = lastCycle();
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
    List<Path> old = retention.toDelete(Chronicle.cycleFiles(queue, dir), clock.getAsLong());
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
    closed = true;
    try {
      flush();
    } finally {
      queue.close();
      JournalFiles.restrictToOwner(dir);
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
      JournalFiles.deleteJournalFiles(dir);
      Files.deleteIfExists(dir);
    } catch (IOException | UncheckedIOException e) {
      // What is left is an empty journal, said in the error the caller reports.
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
