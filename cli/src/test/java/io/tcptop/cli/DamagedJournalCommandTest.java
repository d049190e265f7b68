package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.event.Flow;
import io.tcptop.fixtures.Scenario;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage is reported as damage, one note per damaged part (file, byte offset, records lost), the
 * command goes on with the next intact batch and exits 3; a tail cut short is not damage.
 */
class DamagedJournalCommandTest {
  @TempDir Path tmp;

  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");
  /** Bytes of the one send in the batch the tests damage: a value found nowhere else in the journal. */
  static final int LOST_SEND = 777_777;
  /** Bytes of a send in the last batch. */
  static final int LAST_SEND = 888_888;

  /**
   * Two connections over 20 one-second ticks, each tick's traffic its own batch; in tick 10 one
   * more batch holds only a send of {@link #LOST_SEND} bytes on the first connection.
   */
  private Path journal(String name, boolean cleanEnd) {
    Path dir = tmp.resolve(name);
    Scenario s = new Scenario(dir);
    Flow a = s.at(0.5).tcp("10.0.0.1", 40000, "10.0.0.2", 443, 100, "client");
    Flow b = s.tcp("10.0.0.1", 40001, "10.0.0.3", 5432, 200, "psql");
    s.flush();
    for (int i = 1; i <= 20; i++) {
      s.at(i * 1000.0 + 1).send(a, 1000).send(b, 100).flush();
      if (i == 10) {
        s.at(i * 1000.0 + 2).send(a, LOST_SEND).flush();
      }
    }
    s.at(21_000.5).send(b, LAST_SEND);
    if (cleanEnd) {
      s.close();
    } else {
      s.crash();
    }
    return dir;
  }

  private static Path cycleFile(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
  }

  /** The file offset of the send record of {@code bytes} bytes (kind 3, then the count, little-endian). */
  private static long sendRecord(Path cq4, int bytes) throws IOException {
    byte[] data = Files.readAllBytes(cq4);
    byte[] pattern = {3, (byte) bytes, (byte) (bytes >> 8), (byte) (bytes >> 16), (byte) (bytes >> 24)};
    long found = -1;
    for (int i = 0; i + pattern.length <= data.length; i++) {
      if (java.util.Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
        assertEquals(-1, found, "the send of " + bytes + " bytes is unique");
        found = i;
      }
    }
    assertTrue(found > 0, "no send of " + bytes + " bytes");
    return found;
  }

  private static void xor(Path file, long offset, int mask) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ mask);
    }
  }

  /** Damages the batch holding only the {@link #LOST_SEND}; returns its document's offset (the record is the batch's first). */
  private static long damageTheLostSendBatch(Path journal) throws IOException {
    Path cq4 = cycleFile(journal);
    long record = sendRecord(cq4, LOST_SEND);
    xor(cq4, record + 2, 0x01);
    return record - 20 - 4;
  }

  private Path copyOf(Path journal, String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    try (Stream<Path> s = Files.list(journal)) {
      for (Path p : s.toList()) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
    return dir;
  }

  @Test
  void theRecordedFixtureWithAByteFlippedAt68000IsReportedAsDamageAndExits3() throws IOException {
    Path dir = copyOf(FIXTURES.resolve("recorded-loopback"), "flipped");
    Path cq4 = cycleFile(dir);
    xor(cq4, 68_000, 0xff);
    Cli.Result whole = Cli.run("replay", FIXTURES.resolve("recorded-loopback").toString());
    Cli.Result r = Cli.run("replay", dir.toString());

    assertEquals(3, r.exit(), r.err());
    assertEquals(2, r.errLines().size(), "one note and the summary: " + r.err());
    assertEquals("tcptop: damaged: " + cq4 + " at byte 65908: checksum mismatch; 114 records lost", r.errLines().get(0));
    assertFalse(r.err().contains("half-written"), r.err());
    assertTrue(r.errLines().get(1).contains("journal ends in damage"), r.err());
    assertEquals(whole.outLines().subList(0, 1), r.outLines(), "the header line: everything else was in the damaged batch");
  }

  @Test
  void replayGoesOnPastADamagedBatchAndPrintsTheLinesAfterIt() throws IOException {
    Path journal = journal("whole", true);
    Path damaged = copyOf(journal, "damaged");
    long offset = damageTheLostSendBatch(damaged);
    Cli.Result whole = Cli.run("replay", journal.toString(), "--format", "jsonl");
    Cli.Result r = Cli.run("replay", damaged.toString(), "--format", "jsonl");

    assertEquals(0, whole.exit(), whole.err());
    assertEquals(3, r.exit(), r.err());
    assertEquals("tcptop: damaged: " + cycleFile(damaged) + " at byte " + offset + ": checksum mismatch; 1 record lost",
        r.errLines().get(0));
    assertTrue(r.errLines().get(1).contains("journal ended cleanly; skipped 1 damaged part (1 records known lost)"), r.err());

    JsonLines before = JsonLines.of(whole.out());
    JsonLines after = JsonLines.of(r.out());
    assertEquals(before.flow("tcp", 40001, 5432), after.flow("tcp", 40001, 5432), "the other connection is untouched");
    List<String> a0 = before.flow("tcp", 40000, 443);
    List<String> a1 = after.flow("tcp", 40000, 443);
    assertEquals(a0.size(), a1.size());
    assertEquals(20, a0.size());
    for (int i = 0; i < a0.size(); i++) {
      long lost = i >= 9 ? LOST_SEND : 0; // line i shows tick i+1's traffic; the lost send was in tick 10
      assertEquals(JsonLines.field(a0.get(i), "ts"), JsonLines.field(a1.get(i), "ts"));
      assertEquals(JsonLines.number(a0.get(i), "bytes_out") - lost, JsonLines.number(a1.get(i), "bytes_out"), a1.get(i));
      if (i != 9) {
        assertEquals(JsonLines.field(a0.get(i), "rate_out"), JsonLines.field(a1.get(i), "rate_out"), a1.get(i));
      }
    }
  }

  @Test
  void aTailCutShortStillExits0WithTheHalfWrittenNote() throws IOException {
    Path journal = journal("killed", false);
    Path cq4 = cycleFile(journal);
    long record = sendRecord(cq4, LAST_SEND);
    try (RandomAccessFile f = new RandomAccessFile(cq4.toFile(), "rw")) {
      f.setLength(record + 6);
    }
    Cli.Result r = Cli.run("replay", journal.toString(), "--format", "jsonl");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().contains("no END record and ends in a half-written batch"), r.err());
    assertFalse(r.err().contains("damaged"), r.err());
    assertEquals(20, JsonLines.of(r.out()).flow("tcp", 40001, 5432).size(), "every tick before the cut");
  }

  @Test
  void analyzeExportGoesOnPastDamageRecordsItInSessionsAndExits3() throws IOException {
    Path journal = journal("damaged", true);
    long offset = damageTheLostSendBatch(journal);
    Path out = tmp.resolve("export");
    Cli.Result r = Cli.analyze("export", journal.toString(), "-o", out.toString());

    assertEquals(3, r.exit(), r.err());
    assertEquals("tcptop: damaged: " + cycleFile(journal) + " at byte " + offset + ": checksum mismatch; 1 record lost",
        r.errLines().get(0));
    assertTrue(Files.exists(out.resolve("_SUCCESS")), "the export is complete");
    Cli.Result q = Cli.analyze("sql", out.toString(),
        "SELECT ended_cleanly, damaged_batches, records_lost_to_damage FROM sessions", "--format", "csv");
    assertEquals(0, q.exit(), "an export holds what it holds: " + q.err());
    assertEquals(List.of("ended_cleanly,damaged_batches,records_lost_to_damage", "true,1,1"), q.outLines());
    Cli.Result bytes = Cli.analyze("sql", out.toString(),
        "SELECT sum(bytes) FROM events WHERE kind = 'send' AND local_port = 40000", "--format", "csv");
    assertEquals(List.of("sum(bytes)", "20000"), bytes.outLines(), "every send but the lost one");
  }

  @Test
  void analyzeSqlOnADamagedJournalPrintsItsRowsWithTheNoteAndExits3() throws IOException {
    Path journal = journal("damaged", true);
    long offset = damageTheLostSendBatch(journal);
    Cli.Result r = Cli.analyze("sql", journal.toString(),
        "SELECT count(*) AS sends FROM events WHERE kind = 'send'", "--format", "csv");

    assertEquals(3, r.exit(), r.err());
    assertEquals(List.of("sends", "41"), r.outLines(), "stdout holds everything that could be read");
    assertEquals(List.of("tcptop: damaged: " + cycleFile(journal) + " at byte " + offset + ": checksum mismatch; 1 record lost"),
        r.errLines());

    Path flipped = copyOf(FIXTURES.resolve("recorded-loopback"), "flipped");
    xor(cycleFile(flipped), 68_000, 0xff);
    Cli.Result top = Cli.analyze("top", flipped.toString());
    assertEquals(3, top.exit(), top.err());
    assertTrue(top.err().contains("at byte 65908: checksum mismatch; 114 records lost"), top.err());
  }

  @Test
  void theHelpListsExitCode3() {
    Cli.Result r = Cli.run("--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("3 a journal is damaged"), r.out());
  }
}
