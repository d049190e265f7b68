package io.tcptop.journal;

import io.tcptop.error.JournalException;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource.Damage;
import io.tcptop.event.EventSource.Ending;
import io.tcptop.event.EventSource.Outcome;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One read of a journal, cycle file by cycle file. Chronicle's tailer reads each file; where a
 * document fails its checks, or Chronicle stops before the file's written end, {@link Salvage}
 * reads the rest of that file, reporting the damage and going on with the next intact batch.
 * The last file's end tells how the journal ended.
 */
final class JournalPass {
  private final SingleChronicleQueue queue;
  private final JournalFormat.Decoder decoder;
  private final EventHandler handler;
  private final List<Damage> damage = new ArrayList<>();
  private final Salvage salvage;
  private ByteBuffer buf = ByteBuffer.allocate(JournalFormat.BATCH_TARGET_BYTES * 2).order(ByteOrder.LITTLE_ENDIAN);

  // The document the tailer last read.
  private int docCycle;
  private long docOffset;
  private long docEnd;
  private boolean docIsMetaData;
  private boolean docTooLong;
  private long docIndex;
  /** Whether the records being handed over are those of the tailer's document: only there can a reading resume. */
  private boolean inDocument;

  JournalPass(SingleChronicleQueue queue, JournalFormat.Decoder decoder, EventHandler handler) {
    this.queue = queue;
    this.decoder = decoder;
    this.handler = handler;
    this.salvage = new Salvage(decoder, handler, damage);
  }

  Outcome run() {
    NavigableSet<Long> cycles = queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle());
    Salvage.Tail tail = Salvage.Tail.BLANK;
    ExcerptTailer tailer = queue.createTailer();
    try {
      for (long cycle : cycles) {
        tail = readCycle(tailer, (int) cycle, cycle == cycles.last());
        if (tail == Salvage.Tail.STOPPED) {
          return outcome(Ending.STOPPED);
        }
      }
    } finally {
      tailer.close();
    }
    return ended(tail);
  }

  /**
   * Reads on from where an earlier pass stood ({@link JournalSource#position()}), with the state
   * it had there; null, with nothing handed over, when the journal no longer holds that document
   * (a rolling recorder deleted its cycle).
   */
  Outcome resume(JournalSource.Position from) {
    if (!Files.exists(Chronicle.cycleFile(queue, from.cycle), LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    NavigableSet<Long> cycles;
    try {
      cycles = queue.listCyclesBetween(from.cycle, Math.max(from.cycle, queue.lastCycle()));
    } catch (IllegalStateException e) {
      return null; // Chronicle's listing names a file that was deleted since
    }
    if (cycles.isEmpty() || cycles.first() != from.cycle) {
      return null;
    }
    Salvage.Tail tail;
    ExcerptTailer tailer = queue.createTailer();
    try {
      if (!moveToIndex(tailer, from.index) || !next(tailer) || docCycle != from.cycle || docOffset != from.offset
          || docIsMetaData || docTooLong) {
        return null;
      }
      decoder.restore(from.mark);
      if (decoder.problem(buf) != null) {
        return null; // not the batch it was (an intact batch does not change)
      }
      damage.addAll(from.damage);
      boolean lastFile = from.cycle == cycles.last();
      tail = document(from.cycle, lastFile, from.mark);
      if (tail == null) {
        tail = readOn(tailer, from.cycle, lastFile, docEnd);
      }
      if (tail == Salvage.Tail.STOPPED) {
        return outcome(Ending.STOPPED);
      }
      for (long cycle : cycles.tailSet((long) from.cycle, false)) {
        tail = readCycle(tailer, (int) cycle, cycle == cycles.last());
        if (tail == Salvage.Tail.STOPPED) {
          return outcome(Ending.STOPPED);
        }
      }
    } finally {
      tailer.close();
    }
    return ended(tail);
  }

  /**
   * Where the pass stands: just after the record being handed over, with everything a reading
   * needs to go on from there; null while it reads what Chronicle could not (past damage).
   */
  JournalSource.Position position(java.nio.file.Path dir) {
    if (!inDocument) {
      return null;
    }
    JournalFormat.Decoder.Mark mark = decoder.mark();
    return mark == null ? null : new JournalSource.Position(dir, docCycle, docIndex, docOffset, mark, damage);
  }

  private Outcome ended(Salvage.Tail tail) {
    if (decoder.end() != null) {
      return outcome(Ending.CLEAN);
    }
    return outcome(switch (tail) {
      case CUT_SHORT -> Ending.HALF_WRITTEN_TAIL;
      case DAMAGED -> Ending.DAMAGED_TAIL;
      default -> Ending.NO_END;
    });
  }

  private Outcome outcome(Ending ending) {
    return new Outcome(decoder.records(), ending, damage, decoder.recordsOfLostFlows());
  }

  /** Reads one cycle file: with the tailer while it can, then with {@link Salvage} from where it stopped. */
  private Salvage.Tail readCycle(ExcerptTailer tailer, int cycle, boolean lastFile) {
    if (!Files.exists(Chronicle.cycleFile(queue, cycle), LinkOption.NOFOLLOW_LINKS)) {
      return gone();
    }
    if (!moveTo(tailer, cycle)) {
      return salvage(cycle, 0, lastFile);
    }
    return readOn(tailer, cycle, lastFile, 0);
  }

  /** Reads the rest of the cycle file the tailer is in; {@code end} is where the documents read so far end. */
  private Salvage.Tail readOn(ExcerptTailer tailer, int cycle, boolean lastFile, long end) {
    while (next(tailer) && docCycle == cycle) {
      if (docIsMetaData && !batchInMetaData()) {
        end = docEnd;
        continue;
      }
      Salvage.Tail tail = document(cycle, lastFile, null);
      if (tail != null) {
        return tail;
      }
      end = docEnd;
    }
    // The tailer saw no more of this file: whatever else was written there is read past damage.
    return salvage(cycle, end, lastFile);
  }

  /**
   * Decodes the document just read (from the record after {@code resumeAt}, when given); null to
   * go on with the next, or how the file ends when the rest of it is for {@link Salvage}.
   */
  private Salvage.Tail document(int cycle, boolean lastFile, JournalFormat.Decoder.Mark resumeAt) {
    if (docIsMetaData || docTooLong) {
      return salvage(cycle, docOffset, lastFile);
    }
    if (!handler.wantsMore()) {
      return Salvage.Tail.STOPPED;
    }
    JournalFormat.DamagedBatch damaged = null;
    inDocument = true;
    try {
      if (resumeAt == null) {
        decoder.decode(buf, handler);
      } else {
        decoder.resume(buf, handler, resumeAt);
      }
    } catch (JournalFormat.DamagedBatch d) {
      damaged = d;
    } finally {
      inDocument = false;
    }
    if (damaged != null && !damaged.partlyRead) {
      return salvage(cycle, docOffset, lastFile);
    }
    if (damaged != null) {
      damage.add(new Damage(Chronicle.cycleFile(queue, cycle), docOffset, damaged.recordsLost, damaged.getMessage()));
    }
    return null;
  }

  private Salvage.Tail salvage(int cycle, long offset, boolean lastFile) {
    Path path = Chronicle.cycleFile(queue, cycle);
    try (CycleFile f = CycleFile.open(path)) {
      return salvage.read(f, offset, lastFile);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        return gone();
      }
      throw JournalException.io(path, "read", e.getCause());
    }
  }

  /**
   * A cycle file listed when the pass began is gone: a rolling recorder deleted it to keep its
   * window while this pass was reading older ones. What it held is not in the window any more;
   * the pass goes on from the next key frame, which restates the state the deleted file built.
   */
  private Salvage.Tail gone() {
    decoder.startPass();
    return Salvage.Tail.BLANK;
  }

  private static boolean moveToIndex(ExcerptTailer tailer, long index) {
    try {
      return tailer.moveToIndex(index);
    } catch (RuntimeException | InternalError e) {
      return false;
    }
  }

  private static boolean moveTo(ExcerptTailer tailer, int cycle) {
    try {
      return tailer.moveToCycle(cycle);
    } catch (RuntimeException | InternalError e) {
      return false;
    }
  }

  /**
   * Reads the next document, Chronicle's metadata included; a batch is copied into the buffer.
   * False at the end, and where Chronicle cannot read on (it throws on some damaged headers;
   * InternalError is the JVM's report of a fault in a mapped file shorter than its index says).
   */
  private boolean next(ExcerptTailer tailer) {
    try (DocumentContext dc = tailer.readingDocument(true)) {
      if (!dc.isPresent()) {
        return false;
      }
      Bytes<?> bytes = dc.wire().bytes();
      long start = bytes.readPosition();
      long length = bytes.readRemaining();
      docCycle = tailer.cycle();
      docIndex = dc.index();
      docOffset = start - CycleFile.HEADER_BYTES;
      docEnd = CycleFile.align(start + length);
      docIsMetaData = dc.isMetaData();
      docTooLong = length > JournalFormat.MAX_DOCUMENT_BYTES;
      if (docTooLong) {
        return true;
      }
      if (docIsMetaData) {
        length = Math.min(length, 4);
      }
      if (buf.capacity() < length) {
        buf = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
      }
      buf.clear();
      bytes.read(buf.array(), 0, (int) length);
      buf.limit((int) length);
      return true;
    } catch (RuntimeException | InternalError e) {
      return false;
    }
  }

  /** Whether a metadata document holds a batch: its header's data flag was damaged. */
  private boolean batchInMetaData() {
    return buf.limit() >= 4 && buf.getInt(0) == JournalFormat.MAGIC;
  }
}
