package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.error.JournalException;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource;
import io.tcptop.event.Direction;
import io.tcptop.event.Flow;
import io.tcptop.fixtures.Scenario;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a journal path can be wrong gives one line that says what it is. */
class BadJournalTest {
  @TempDir Path tmp;

  static final EventHandler IGNORE = new EventHandler() {
    @Override
    public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {}

    @Override
    public void onEvent(Event event) {}
  };

  private static String failure(Path p) {
    JournalException e = assertThrows(JournalException.class, () -> {
      try (JournalSource r = JournalSource.open(p)) {
        r.forEach(IGNORE);
      }
    });
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  private Path journal() {
    Path dir = tmp.resolve("good");
    try (Scenario s = new Scenario(dir)) {
      var f = s.at(1).tcp("127.0.0.1", 1, "127.0.0.1", 2, 3, "x");
      for (int i = 0; i < 20_000; i++) {
        s.at(1 + i * 0.1).send(f, 100);
      }
    }
    return dir;
  }

  private static Path cycleFile(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
  }

  @Test
  void missingPath() {
    assertTrue(failure(tmp.resolve("nope")).contains("no such journal"));
  }

  @Test
  void regularFile() throws Exception {
    Path f = Files.writeString(tmp.resolve("file.txt"), "hello");
    assertTrue(failure(f).contains("is a file, not a journal"));
  }

  @Test
  void emptyDirectory() throws Exception {
    assertTrue(failure(Files.createDirectories(tmp.resolve("empty"))).contains("empty directory"));
  }

  @Test
  void directoryThatIsNotAJournal() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(d.resolve("Main.java"), "class Main {}");
    assertTrue(failure(d).contains("not a tcptop journal"));
  }

  @Test
  void randomCq4Bytes() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("random"));
    byte[] junk = new byte[300_000];
    new Random(1).nextBytes(junk);
    Files.write(d.resolve("20261126F.cq4"), junk);
    String m = failure(d);
    assertTrue(m.contains("not a tcptop journal") || m.contains("damaged"), m);
  }

  @Test
  void emptyCq4File() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("emptycq4"));
    Files.write(d.resolve("20261126F.cq4"), new byte[0]);
    String m = failure(d);
    assertTrue(m.contains(d + ": its 20261126F.cq4 is empty"), m);
  }

  @Test
  void truncatedCq4Bytes() throws Exception {
    Path dir = journal();
    Path cq4 = cycleFile(dir);
    try (RandomAccessFile f = new RandomAccessFile(cq4.toFile(), "rw")) {
      f.setLength(40_000);
    }
    String m = failure(dir);
    assertTrue(m.contains("damaged"), m);
    assertEquals(40_000, Files.size(cq4), "a reader must not grow a damaged journal back");
  }

  /** A damaged batch is reported and skipped, not read (DamagedJournalTest has more). */
  @Test
  void corruptedBatchIsCaughtByItsChecksum() throws Exception {
    Path dir = journal();
    Path cq4 = cycleFile(dir);
    try (RandomAccessFile f = new RandomAccessFile(cq4.toFile(), "rw")) {
      f.seek(90_000);
      f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }
    try (JournalSource r = JournalSource.open(dir)) {
      EventSource.Outcome outcome = r.forEach(IGNORE);
      assertEquals(EventSource.Ending.CLEAN, outcome.ending());
      assertEquals(List.of("checksum mismatch"), outcome.damage().stream().map(EventSource.Damage::why).toList());
    }
  }

  @Test
  void aDamagedHeaderBatchIsOneLine() throws Exception {
    Path dir = journal();
    Path cq4 = cycleFile(dir);
    long[] header = DamagedJournalTest.documents(cq4).getFirst();
    DamagedJournalTest.xor(cq4, header[0] + 4 + 30, 0x01);
    String m = failure(dir);
    assertTrue(m.contains("is damaged at its start") && m.contains("checksum mismatch"), m);
  }

  @Test
  void newerFormatVersionIsRefused() throws Exception {
    Path dir = tmp.resolve("future");
    var header = new io.tcptop.event.SessionStart(0, "h", "k", "t", 0, 1, "");
    try (JournalWriter w = JournalWriter.create(dir, JournalWriter.Options.defaults(), JournalFormat.VERSION + 1)) {
      w.onEvent(header);
    }
    String m = failure(dir);
    assertTrue(m.contains("newer than this tcptop reads"), m);
  }
}
