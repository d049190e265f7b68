package io.tcptop.journal;

import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource.Damage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Reads the rest of a cycle file from where Chronicle's reader could not go on (a batch that
 * failed its checks, a damaged document header, or bytes after what Chronicle sees as the end).
 * Every intact batch is found by its own magic, length and checksum, wherever it lies, and
 * decoded; whatever lies between is reported as {@link Damage}, one report per damaged
 * document where Chronicle's framing still shows where each ends.
 *
 * <p>The end of the file is told apart: blank (nothing more was written), cut short (the last
 * batch of the journal stops where its writer died: Chronicle's "not complete" mark, a document
 * too short for a batch that Chronicle closed after a failed write, or records that give way
 * to zeros, as where pages never reached the disk, or to the end of the file), or damaged (a
 * batch written whole that fails its checks).
 */
final class Salvage {

  /** How the file ended. */
  enum Tail { BLANK, CUT_SHORT, DAMAGED, STOPPED }

  private final JournalFormat.Decoder decoder;
  private final EventHandler handler;
  private final List<Damage> damage;
  private ByteBuffer buf = ByteBuffer.allocate(JournalFormat.BATCH_TARGET_BYTES * 2).order(ByteOrder.LITTLE_ENDIAN);
  private CycleFile file;

  Salvage(JournalFormat.Decoder decoder, EventHandler handler, List<Damage> damage) {
    this.decoder = decoder;
    this.handler = handler;
    this.damage = damage;
  }

  /**
   * Reads {@code f} from {@code offset} (a document's start) to its end.
   *
   * @param lastFile whether {@code f} is the journal's last cycle file: only there can a batch be cut short
   */
  Tail read(CycleFile f, long offset, boolean lastFile) {
    this.file = f;
    long at = offset;
    while (true) {
      if (at >= f.size()) {
        return Tail.BLANK;
      }
      int header = f.intAt(at);
      if (header == CycleFile.END_OF_DATA && f.endsAt(at)) {
        return Tail.BLANK;
      }
      if (header == 0) {
        // Zeros where a document should begin: the end, a wiped header, or a gap in damage.
        long data = f.findNonZero(at);
        if (data < 0) {
          return Tail.BLANK;
        }
        if (intactBatch(data) == null) {
          at = data;
          continue;
        }
        at = data - CycleFile.HEADER_BYTES;
        header = f.intAt(at);
      }
      ByteBuffer batch = intactBatch(at + CycleFile.HEADER_BYTES);
      if (batch != null) {
        if (!framesBatch(header, batch.limit())) {
          damage.add(new Damage(f.path(), at, 0,
              "Chronicle's document header is damaged (" + hex(header) + "); the batch itself is intact and was read"));
        }
        if (!handler.wantsMore()) {
          return Tail.STOPPED;
        }
        decode(batch, at);
        at = CycleFile.align(at + CycleFile.HEADER_BYTES + batch.limit());
        continue;
      }
      if (isChronicleMetaData(header, at)) {
        at = CycleFile.align(at + CycleFile.HEADER_BYTES + CycleFile.length(header));
        continue;
      }
      long next = nextIntactBatch(at);
      long docEnd = framedEnd(header, at, next < 0 ? f.size() : next);
      if (next < 0 && (docEnd < 0 || f.blankFrom(docEnd))) {
        return tail(at, lastFile);
      }
      long end = docEnd >= 0 ? docEnd : next;
      damage.add(new Damage(f.path(), at, recordsIn(at, end - at), why(header, at, docEnd)));
      at = end;
    }
  }

  private Tail tail(long at, boolean lastFile) {
    if (lastFile && cutShort(at)) {
      return Tail.CUT_SHORT;
    }
    int header = file.intAt(at);
    damage.add(new Damage(file.path(), at, recordsIn(at, -1), why(header, at, framedEnd(header, at, Long.MAX_VALUE))));
    return Tail.DAMAGED;
  }

  /** Whether the document at {@code at}, the last thing in the file, is a batch whose writer died before it was whole. */
  private boolean cutShort(long at) {
    int header = file.intAt(at);
    if (header == CycleFile.NOT_COMPLETE) {
      return true;
    }
    if (header == JournalFormat.MAGIC) {
      // A batch after zeros (skipped above): its writer was killed before Chronicle's header
      // for it was finished. Cut short if what was copied of it ends in blank space.
      int length = (int) Math.min(file.size() - at, JournalFormat.MAX_DOCUMENT_BYTES);
      int cut = JournalFormat.cutShortAt(file.read(at, length, buffer(length)));
      return cut >= 0 && (at + cut >= file.size() || file.blankFrom(at + cut));
    }
    if (header == 0 || !CycleFile.isComplete(header) || CycleFile.isMetaData(header)) {
      return false;
    }
    int length = CycleFile.length(header);
    if (length < JournalFormat.BATCH_HEADER_BYTES) {
      return true;
    }
    ByteBuffer b = file.read(at + CycleFile.HEADER_BYTES, Math.min(length, JournalFormat.MAX_DOCUMENT_BYTES), buffer(length));
    int cut = JournalFormat.cutShortAt(b);
    if (cut < 0) {
      return false;
    }
    long zerosFrom = at + CycleFile.HEADER_BYTES + cut;
    return zerosFrom >= file.size() || file.blankFrom(zerosFrom);
  }

  private void decode(ByteBuffer batch, long at) {
    try {
      decoder.decode(batch, handler);
    } catch (JournalFormat.DamagedBatch d) {
      damage.add(new Damage(file.path(), at, d.recordsLost, d.getMessage()));
    }
  }

  /** The intact batch starting at {@code offset}, read into the buffer; null if there is none. */
  private ByteBuffer intactBatch(long offset) {
    if (offset + JournalFormat.BATCH_HEADER_BYTES > file.size() || file.intAt(offset) != JournalFormat.MAGIC) {
      return null;
    }
    long payload = file.intAt(offset + 12) & 0xffffffffL;
    if (payload > JournalFormat.MAX_DOCUMENT_BYTES || offset + JournalFormat.BATCH_HEADER_BYTES + payload > file.size()) {
      return null;
    }
    int length = (int) (JournalFormat.BATCH_HEADER_BYTES + payload);
    ByteBuffer b = file.read(offset, length, buffer(length));
    return decoder.problem(b) == null ? b : null;
  }

  /** The offset of the document holding the next intact batch after {@code at}; -1 if none. */
  private long nextIntactBatch(long at) {
    for (long s = file.find(JournalFormat.MAGIC, at + 2L * CycleFile.HEADER_BYTES); s >= 0;
        s = file.find(JournalFormat.MAGIC, s + 4)) {
      if (intactBatch(s) != null) {
        return s - CycleFile.HEADER_BYTES;
      }
    }
    return -1;
  }

  /** Whether a document header says exactly what Chronicle writes for a batch of {@code length} bytes. */
  private static boolean framesBatch(int header, int length) {
    return CycleFile.isComplete(header) && !CycleFile.isMetaData(header) && CycleFile.length(header) == length;
  }

  /** One of Chronicle's own metadata documents (its header and index), whole within the file. */
  private boolean isChronicleMetaData(int header, long at) {
    int length = CycleFile.length(header);
    return CycleFile.isComplete(header) && CycleFile.isMetaData(header) && length > 0
        && at + CycleFile.HEADER_BYTES + length <= file.size()
        && file.intAt(at + CycleFile.HEADER_BYTES) != JournalFormat.MAGIC;
  }

  /**
   * Where the document at {@code at} ends by its header, when the header is one Chronicle writes
   * for a batch and the document ends by {@code limit}; -1 otherwise.
   */
  private static long framedEnd(int header, long at, long limit) {
    if (!CycleFile.isComplete(header) || CycleFile.isMetaData(header)) {
      return -1;
    }
    int length = CycleFile.length(header);
    long end = CycleFile.align(at + CycleFile.HEADER_BYTES + length);
    boolean batchSized = length >= JournalFormat.BATCH_HEADER_BYTES && length <= JournalFormat.MAX_DOCUMENT_BYTES;
    return batchSized && end <= limit ? end : -1;
  }

  /** Records the batch at {@code at} held, if its header still says; {@code bytes} is the space it took, -1 if unknown. */
  private long recordsIn(long at, long bytes) {
    ByteBuffer b = file.read(at + CycleFile.HEADER_BYTES, JournalFormat.BATCH_HEADER_BYTES, buffer(JournalFormat.BATCH_HEADER_BYTES));
    return JournalFormat.recordsClaimed(b, bytes < 0 ? -1 : bytes - CycleFile.HEADER_BYTES);
  }

  private String why(int header, long at, long docEnd) {
    if (docEnd >= 0) {
      int length = CycleFile.length(header);
      String problem = decoder.problem(file.read(at + CycleFile.HEADER_BYTES, length, buffer(length)));
      return problem == null ? "unreadable batch" : problem;
    }
    if (header == CycleFile.NOT_COMPLETE) {
      return "a document its writer never finished, with more written after it";
    }
    return "unreadable bytes (" + hex(header) + " where a document header should be)";
  }

  private ByteBuffer buffer(int length) {
    if (buf.capacity() < length) {
      buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    }
    return buf;
  }

  private static String hex(int header) {
    return String.format("0x%08x", header);
  }
}
