package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.event.SessionStart;
import io.tcptop.event.Tick;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer allocates disk blocks before Chronicle touches them: the table, the cycle file it is
 * about to start (made ahead under the name Chronicle renames), and the current file ahead of its
 * write position. (What this buys on a full disk is tested on a real one in the cli module.)
 */
class PreallocatorTest {
  private static final long DAY_MS = 86_400_000L;
  /** 2026-11-20T00:00:00Z. */
  private static final long DAY_START_MS = 20_777 * DAY_MS;
  private static final SessionStart HEADER = new SessionStart(0, "h", "k", "t", 0, 1, "");

  @TempDir Path tmp;

  @Test
  void theCycleFileChronicleStartsIsTheOneAllocatedAhead() throws Exception {
    Path dir = tmp.resolve("j");
    AtomicLong clock = new AtomicLong(DAY_START_MS + 3_600_000);
    try (JournalWriter w = JournalWriter.create(dir, HEADER, options(clock))) {
      assertEquals(List.of("20261120F.cq4", "metadata.cq4t"), names(dir), "made ahead and renamed by Chronicle");
      assertTrue(allocated(dir.resolve("20261120F.cq4")) >= 1 << 20,
          "blocks allocated well past the header: " + allocated(dir.resolve("20261120F.cq4")));
      assertTrue(allocated(dir.resolve("metadata.cq4t")) >= 128 << 10,
          "the table's mapped part: " + allocated(dir.resolve("metadata.cq4t")));
    }
  }

  @Test
  void theNextCycleFileIsReadyBeforeTheDayRolls() throws Exception {
    Path dir = tmp.resolve("j");
    AtomicLong clock = new AtomicLong(DAY_START_MS + DAY_MS - 30_000);
    try (JournalWriter w = JournalWriter.create(dir, HEADER, options(clock))) {
      assertEquals(List.of("20261120F.cq4", "20261121F.precreated", "metadata.cq4t"), names(dir));
      clock.addAndGet(60_000);
      w.onEvent(new Tick(1));
      w.flush();
      assertEquals(List.of("20261120F.cq4", "20261121F.cq4", "metadata.cq4t"), names(dir));
      assertTrue(allocated(dir.resolve("20261121F.cq4")) >= 1 << 20, "the new day's file was the one made ahead");
    }
    try (JournalSource r = JournalSource.open(dir)) {
      assertEquals(2, r.forEach(new JournalRoundTripTest.Collect()).records());
    }
  }

  @Test
  void whatWasMadeAheadForADayNeverReachedIsRemovedOnClose() throws Exception {
    Path dir = tmp.resolve("j");
    AtomicLong clock = new AtomicLong(DAY_START_MS + DAY_MS - 30_000);
    JournalWriter.create(dir, HEADER, options(clock)).close();
    assertEquals(List.of("20261120F.cq4", "metadata.cq4t"), names(dir));
  }

  private static JournalWriter.Options options(AtomicLong clock) {
    return new JournalWriter.Options(false, 256 * 1024, clock::get);
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Bytes the file system has allocated to the file, whatever its size says. */
  private static long allocated(Path file) throws Exception {
    Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
    String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split(" ");
    assertEquals(0, p.waitFor());
    return Long.parseLong(out[0]) * Long.parseLong(out[1]);
  }
}
