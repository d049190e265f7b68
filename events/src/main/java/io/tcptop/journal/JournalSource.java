package io.tcptop.journal;

import io.tcptop.error.JournalException;
import io.tcptop.error.Messages;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A journal as an {@link EventSource}: read read-only, every batch checked. A journal without
 * its END record (the recorder was killed) is read to its last complete batch, and the
 * {@link EventSource.Outcome} says so. A damaged batch is skipped, reading goes on with the next
 * intact one, and the outcome lists each damage (file, offset, records lost). Only a journal
 * whose header cannot be read fails with a {@link JournalException}.
 */
public final class JournalSource implements EventSource {
  private final Path dir;
  private final SingleChronicleQueue queue;
  private final SessionStart header;
  private final JournalFormat.Decoder decoder = new JournalFormat.Decoder();
  private final int formatVersion;
  /** The reading in progress, for {@link #position()}. */
  private JournalPass pass;
  /** Far more batches than a cycle holds before its first tick: the bound of a search for the header. */
  private static final int MAX_DOCUMENTS_BEFORE_KEY_FRAME = 100_000;

  private JournalSource(Path dir, SingleChronicleQueue queue) {
    this.dir = dir;
    this.queue = queue;
    this.header = readHeader();
    this.formatVersion = decoder.headerVersion();
  }

  /** Opens a journal directory, or says exactly why it is not one. */
  public static JournalSource open(Path dir) {
    checkLooksLikeJournal(dir);
    SingleChronicleQueue queue;
    try {
      queue = Chronicle.forReading(dir);
    } catch (RuntimeException | InternalError e) {
      throw JournalException.notAJournal(dir, "Chronicle cannot open it: " + Messages.firstLine(e));
    }
    try {
      return new JournalSource(dir, queue);
    } catch (JournalException e) {
      queue.close();
      throw e;
    } catch (RuntimeException | InternalError e) {
      queue.close();
      throw JournalException.notAJournal(dir, "Chronicle cannot read it: " + Messages.firstLine(e));
    }
  }

  /** Whether {@code path} is a directory that holds journal cycle files (without opening it). */
  public static boolean looksLikeJournal(Path path) {
    return Files.isDirectory(path) && JournalFiles.hasCycleFiles(path);
  }

  @Override
  public SessionStart header() {
    return header;
  }

  /** The format version the journal was written with (its header's). */
  public int formatVersion() {
    return formatVersion;
  }

  public Path directory() {
    return dir;
  }

  /** The END record, or null when the journal has none (yet). */
  public SessionEnd end() {
    return decoder.end();
  }

  /** Records read so far, header and END included. */
  public long records() {
    return decoder.records();
  }

  /**
   * Feeds every record. A pass from the journal's first record skips the key frames it meets; a
   * journal whose first cycles were deleted is read from its first key frame on; a dump or a
   * slice starts with its key frame.
   */
  @Override
  public Outcome forEach(EventHandler handler) {
    decoder.startPass();
    pass = new JournalPass(queue, decoder, handler);
    try {
      return pass.run();
    } finally {
      pass = null;
    }
  }

  /**
   * Where the reading in progress stands: just after the record being handed over. Call it from
   * the handler, on the reading thread; a later reading of this journal can go on from there with
   * {@link #forEachFrom}. Null outside a reading, and where a reading cannot go on (records
   * read past damage).
   */
  public Position position() {
    JournalPass p = pass;
    return p == null ? null : p.position(dir);
  }

  /**
   * Feeds every record after {@code from} (taken by {@link #position()} in a reading of this
   * journal, by this source or another): the records, outcome and ending are those the reading
   * it was taken in went on with. Returns null, having handed over nothing, when the journal no
   * longer holds that part (a rolling recorder deleted its cycle file); read such a source no more.
   */
  public Outcome forEachFrom(Position from, EventHandler handler) {
    if (!from.dir.equals(dir)) {
      throw new IllegalArgumentException("a position in " + from.dir + ", not in " + dir);
    }
    pass = new JournalPass(queue, decoder, handler);
    try {
      return pass.resume(from);
    } finally {
      pass = null;
    }
  }

  /**
   * A place in a journal just after a record, with the reader's state there (the flows it had been
   * told of, what it had counted, the damage read past so far). Immutable; it holds the flows'
   * descriptions, so it costs a little memory per flow.
   */
  public static final class Position {
    final Path dir;
    final int cycle;
    final long index;
    final long offset;
    final JournalFormat.Decoder.Mark mark;
    final java.util.List<Damage> damage;

    Position(Path dir, int cycle, long index, long offset, JournalFormat.Decoder.Mark mark, java.util.List<Damage> damage) {
      this.dir = dir;
      this.cycle = cycle;
      this.index = index;
      this.offset = offset;
      this.mark = mark;
      this.damage = java.util.List.copyOf(damage);
    }

    /** An estimate of the heap it takes beyond what the reader shares with it (the flows themselves). */
    public long bytes() {
      return 96 + mark.flows().capacity() * 12L + damage.size() * 64L;
    }
  }

  /**
   * Batches read before the first key frame and skipped: their cycle's start (with the state they
   * build on) was deleted by a rolling recorder's window.
   */
  public long skippedBeforeKeyFrame() {
    return decoder.skippedBeforeKeyFrame();
  }

  /**
   * The time of the journal's last record (monotonic ns), read from its last intact batches alone,
   * so that a viewer can show where a tick lies in the recording without reading it all. The
   * header's time when no batch near the end can be read.
   */
  public long lastTimestampNs() {
    ExcerptTailer tailer = queue.createTailer();
    try {
      tailer.direction(TailerDirection.BACKWARD).toEnd();
      // A half-written or damaged tail is skipped: look a little further back for an intact batch.
      for (int i = 0; i < 16; i++) {
        ByteBuffer batch = lastDocument(tailer);
        if (batch == null) {
          break;
        }
        long ts = decoder.latestTimestamp(batch);
        if (ts != Long.MIN_VALUE) {
          return Math.max(ts, header.tsNs());
        }
      }
      return header.tsNs();
    } catch (RuntimeException | InternalError e) {
      // Chronicle throws on some damaged files: the header's time is still a true lower bound.
      return header.tsNs();
    } finally {
      tailer.close();
    }
  }

  /** A copy of the document the backward tailer reads next, or null at the start or past a sane size. */
  private static ByteBuffer lastDocument(ExcerptTailer tailer) {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return null;
      }
      Bytes<?> bytes = dc.wire().bytes();
      long length = bytes.readRemaining();
      if (length < 0 || length > JournalFormat.MAX_DOCUMENT_BYTES) {
        return ByteBuffer.allocate(0);
      }
      ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
      bytes.read(b.array(), 0, (int) length);
      return b;
    }
  }

  @Override
  public void close() {
    queue.close();
  }

  /**
   * Reads the header record that opens the first batch, which must be intact: nothing can be read
   * without it. A rolling journal whose first cycles were deleted starts with the records before
   * its oldest remaining cycle's key frame: its header is the key frame's.
   */
  private SessionStart readHeader() {
    ExcerptTailer tailer = queue.createTailer();
    try {
      moveToFirstPresentCycle(tailer);
      ByteBuffer first = firstDocument(tailer);
      if (first == null) {
        throw JournalException.notAJournal(dir, "it holds no records: its .cq4 files are empty or not tcptop's");
      }
      for (int i = 0; i < MAX_DOCUMENTS_BEFORE_KEY_FRAME && !JournalFormat.Decoder.startsWithHeader(first)
          && JournalFormat.Decoder.isBatchStart(first) && decoder.problem(first) == null; i++) {
        first = firstDocument(tailer);
        if (first == null) {
          throw JournalException.notAJournal(dir, "no header and no key frame in it");
        }
      }
      SessionStart h;
      try {
        h = decoder.header(first);
      } catch (JournalFormat.DamagedBatch d) {
        if (d.newerVersion) {
          throw JournalException.newerVersion(dir, d.version, JournalFormat.VERSION);
        }
        boolean damagedBatch = first.limit() >= 4 && first.getInt(0) == JournalFormat.MAGIC && decoder.problem(first) != null;
        if (!damagedBatch) {
          throw JournalException.notAJournal(dir, d.getMessage() + " in its first document");
        }
        h = null; // the damage is reported below
      }
      String problem = decoder.problem(first);
      if (problem != null) {
        throw JournalException.damagedHeader(dir, problem);
      }
      return h;
    } finally {
      tailer.close();
    }
  }

  /**
   * Chronicle's table can still list cycles a rolling recorder has just deleted (it updates the
   * listing after deleting): start at the oldest cycle whose file is there.
   */
  private void moveToFirstPresentCycle(ExcerptTailer tailer) {
    for (long cycle : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle())) {
      if (Files.exists(Chronicle.cycleFile(queue, (int) cycle), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        if (cycle != queue.firstCycle()) {
          try {
            tailer.moveToCycle((int) cycle);
          } catch (RuntimeException e) {
            // as if the listing were right: the first read below says what is wrong
          }
        }
        return;
      }
    }
  }

  /** A copy of the first document, or null when Chronicle shows none. */
  private ByteBuffer firstDocument(ExcerptTailer tailer) {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return null;
      }
      Bytes<?> bytes = dc.wire().bytes();
      long length = bytes.readRemaining();
      if (length > JournalFormat.MAX_DOCUMENT_BYTES) {
        throw JournalException.damagedHeader(dir, "its first document claims " + length + " bytes");
      }
      ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
      bytes.read(b.array(), 0, (int) length);
      return b;
    } catch (RuntimeException | InternalError e) {
      if (e instanceof JournalException j) {
        throw j;
      }
      // InternalError: the JVM's report of a SIGBUS when a mapped file is shorter than its index says.
      throw JournalException.damagedHeader(dir, "Chronicle: " + Messages.firstLine(e));
    }
  }

  private static void checkLooksLikeJournal(Path dir) {
    if (!Files.exists(dir)) {
      throw JournalException.notFound(dir);
    }
    if (!Files.isDirectory(dir)) {
      throw JournalException.notADirectory(dir);
    }
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isEmpty()) {
        throw JournalException.empty(dir);
      }
    } catch (java.io.IOException e) {
      throw JournalException.io(dir, "list", e);
    }
    if (!JournalFiles.hasCycleFiles(dir)) {
      throw JournalException.notAJournal(dir, "no .cq4 files in it");
    }
    // Before Chronicle opens anything: it trusts what it reads (see StoreHeaders).
    String unsafe = JournalFiles.firstUnsafeStore(dir);
    if (unsafe != null) {
      throw JournalException.unsafeStore(dir, unsafe);
    }
  }
}
