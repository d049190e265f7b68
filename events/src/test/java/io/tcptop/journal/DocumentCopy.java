package io.tcptop.journal;

import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Copies a journal's Chronicle documents byte for byte (batch versions, flags and checksums as
 * they are) into small blocks, so that a journal of an older format version, or one that starts
 * with a key frame, can be committed as a fixture exactly as its tcptop wrote it:
 * {@code DocumentCopy FROM TO CYCLE_EPOCH_MILLIS}.
 */
public final class DocumentCopy {
  private DocumentCopy() {}

  public static void main(String[] args) {
    copy(Path.of(args[0]), Path.of(args[1]), Long.parseLong(args[2]));
  }

  public static void copy(Path from, Path to, long cycleMillis) {
    try (SingleChronicleQueue in = Chronicle.forReading(from); ExcerptTailer tailer = in.createTailer();
         SingleChronicleQueue out = Chronicle.forWriting(to, 256 * 1024, () -> cycleMillis, Chronicle.Cycle.DAILY);
         ExcerptAppender appender = out.createAppender()) {
      while (true) {
        byte[] doc;
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            break;
          }
          var bytes = dc.wire().bytes();
          doc = new byte[(int) bytes.readRemaining()];
          bytes.read(doc);
        }
        try (DocumentContext dc = appender.writingDocument()) {
          dc.wire().bytes().write(doc);
        }
      }
    }
  }
}
