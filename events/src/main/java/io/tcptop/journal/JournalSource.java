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
 * {@link EventSource.Outcome} says so; a damaged batch stops reading with a
 * {@link JournalException} naming where.
 */
public final class JournalSource implements EventSource {
  private final Path dir;
  private final SingleChronicleQueue queue;
  private final SessionStart header;
  private final JournalFormat.Decoder decoder = new JournalFormat.Decoder();
  private ByteBuffer buf = ByteBuffer.allocate(JournalFormat.BATCH_TARGET_BYTES * 2).order(ByteOrder.LITTLE_ENDIAN);
  private final int formatVersion;
  private long documents;

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
    } catch (RuntimeException e) {
      queue.close();
      throw e;
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
   * The time of the journal's last record (monotonic ns), read from its last intact batch alone,
   * so that a viewer can show where a tick lies in the recording without reading it all. The
   * header's time when no batch after it can be read.
   */
  public long lastTimestampNs() {
    long counted = documents;
    ExcerptTailer tailer = queue.createTailer();
    try {
      tailer.direction(TailerDirection.BACKWARD).toEnd();
      // A half-written tail is skipped: look a little further back for an intact batch.
      for (int i = 0; i < 16 && nextDocument(tailer); i++) {
        long ts = decoder.latestTimestamp(buf);
        if (ts != Long.MIN_VALUE) {
          return Math.max(ts, header.tsNs());
        }
      }
      return header.tsNs();
    } catch (JournalException e) {
      return header.tsNs();
    } finally {
      tailer.close();
      documents = counted;
    }
  }

  @Override
  public Outcome forEach(EventHandler handler) {
    ExcerptTailer tailer = queue.createTailer();
    try {
      while (nextDocument(tailer)) {
        if (!handler.wantsMore()) {
          return new Outcome(decoder.records(), Ending.STOPPED);
        }
        try {
          decoder.decode(buf, handler);
        } catch (JournalFormat.DamagedBatch d) {
          if (d.newerVersion) {
            throw damaged(d);
          }
          JournalException damage = damaged(d);
          if (validBatchFollows(tailer)) {
            throw damage;
          }
          // A half-written last batch: the recorder died (or the disk filled) while writing it.
          return new Outcome(decoder.records(), Ending.HALF_WRITTEN_TAIL);
        }
      }
      return new Outcome(decoder.records(), decoder.end() != null ? Ending.CLEAN : Ending.NO_END);
    } finally {
      tailer.close();
    }
  }

  @Override
  public void close() {
    queue.close();
  }

  private SessionStart readHeader() {
    ExcerptTailer tailer = queue.createTailer();
    try {
      if (!nextDocument(tailer)) {
        throw JournalException.notAJournal(dir, "it holds no records: its .cq4 files are empty or not tcptop's");
      }
      return decoder.header(buf);
    } catch (JournalFormat.DamagedBatch d) {
      if (d.newerVersion) {
        throw JournalException.newerVersion(dir, d.version, JournalFormat.VERSION);
      }
      throw JournalException.notAJournal(dir, d.getMessage() + " in its first document");
    } finally {
      tailer.close();
      documents = 0;
    }
  }

  /** Copies the next document into {@code buf}; false at the end of the journal. */
  private boolean nextDocument(ExcerptTailer tailer) {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return false;
      }
      documents++;
      Bytes<?> bytes = dc.wire().bytes();
      long length = bytes.readRemaining();
      if (length < 0 || length > JournalFormat.MAX_DOCUMENT_BYTES) {
        throw JournalException.damaged(dir, documents, "document claims " + length + " bytes", decoder.records());
      }
      if (buf.capacity() < length) {
        buf = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
      }
      buf.clear();
      bytes.read(buf.array(), 0, (int) length);
      buf.limit((int) length);
      return true;
    } catch (JournalException e) {
      throw e;
    } catch (RuntimeException | InternalError e) {
      // InternalError: the JVM's report of a SIGBUS when a mapped file is shorter than its index says.
      throw JournalException.damaged(dir, documents, "Chronicle: " + Messages.firstLine(e), decoder.records());
    }
  }

  /**
   * After a bad batch: does any intact batch come later? If not, the bad one was the tail being
   * written when the recorder stopped. Chronicle may show the unwritten rest as more documents.
   */
  private boolean validBatchFollows(ExcerptTailer tailer) {
    try {
      for (int i = 0; i < 10_000 && nextDocument(tailer); i++) {
        if (decoder.isIntact(buf)) {
          return true;
        }
      }
      return false;
    } catch (JournalException e) {
      return false;
    }
  }

  private JournalException damaged(JournalFormat.DamagedBatch d) {
    if (d.newerVersion) {
      return JournalException.newerVersion(dir, d.version, JournalFormat.VERSION);
    }
    return JournalException.damaged(dir, documents, d.getMessage(), decoder.records());
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
    Path foreign = JournalFiles.firstForeignCycleFile(dir);
    if (foreign != null) {
      throw JournalException.notAJournal(dir, foreign.getFileName() + " is not a Chronicle Queue cycle file");
    }
  }
}
