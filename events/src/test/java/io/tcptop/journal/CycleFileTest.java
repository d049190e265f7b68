package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a cycle file that a recorder is still appending to. */
class CycleFileTest {
  @TempDir Path tmp;

  /**
   * A reader that read zeros where the writer had not written yet, and then found data there,
   * reads that data: a salvage pass over a live journal went to the data found, read its stale
   * zeros again and looked for the data again, for ever (a replay of a journal being recorded
   * hung on a loaded machine, where the writer often appended between those two reads).
   */
  @Test
  void dataAppendedAfterZerosWereReadIsReadWhereItIsFound() throws Exception {
    Path path = tmp.resolve("c.cq4");
    try (FileChannel writer = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      writer.write(ByteBuffer.allocate(256 * 1024), 0); // a sized file, blank, as Chronicle makes it
      try (CycleFile f = CycleFile.open(path)) {
        long end = 100 * 1024;
        assertEquals(0, f.intAt(end), "nothing written there yet");
        ByteBuffer batch = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, JournalFormat.MAGIC);
        writer.write(batch, end + 8); // the writer appends, within the window just read
        long found = f.findNonZero(end);
        assertEquals(end + 8, found);
        assertEquals(JournalFormat.MAGIC, f.intAt(found), "what was found is what is read there");
      }
    }
  }
}
