package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.event.Event;
import io.tcptop.event.EventSource;
import io.tcptop.event.EventSource.Ending;
import io.tcptop.event.Flow;
import io.tcptop.event.Traffic;
import io.tcptop.fixtures.Scenario;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A damaged batch (whole, but failing its checks) is reported and skipped, and reading goes on
 * with the next intact one; a batch cut short at the end of the journal (its writer died) is
 * not damage. The journals here have many small batches: the header, one FLOW, one per tick.
 */
class DamagedJournalTest {
  @TempDir Path tmp;

  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");
  static final int TICKS = 30;

  /** What one read of a journal gave. */
  record Read(List<Event> events, EventSource.Outcome outcome) {}

  static Read read(Path dir) {
    JournalRoundTripTest.Collect c = new JournalRoundTripTest.Collect();
    try (JournalSource source = JournalSource.open(dir)) {
      EventSource.Outcome outcome = source.forEach(c);
      return new Read(c.events, outcome);
    }
  }

  /**
   * Batch 0 holds the header, batch 1 the FLOW of one connection, batch j (2..31) the TICK that
   * starts second j-1 and that second's send and receive, and the last batch the final TICK and END.
   */
  private Path journal(String name, boolean cleanEnd) {
    Path dir = tmp.resolve(name);
    Scenario s = new Scenario(dir);
    Flow a = s.at(0.5).tcp("10.0.0.1", 40000, "10.0.0.2", 443, 100, "client");
    s.flush();
    for (int i = 1; i <= TICKS; i++) {
      s.at(i * 1000.0 + 1).send(a, i).recv(a, 1000 + i).flush();
    }
    if (cleanEnd) {
      s.close();
    } else {
      s.crash();
    }
    return dir;
  }

  /** The events of batch {@code j} of {@link #journal}: everything stamped in the first millisecond of second j-1. */
  private static boolean inBatch(Event e, int j) {
    long from = Scenario.START_NS + (j - 1) * 1_000_000_000L;
    return e.tsNs() >= from && e.tsNs() <= from + 1_000_000;
  }

  private static List<Event> without(List<Event> events, int batch) {
    return events.stream().filter(e -> !inBatch(e, batch)).toList();
  }

  /** The journal's data documents by Chronicle's framing (4-byte header: 30-bit length, metadata and not-complete flags). */
  static List<long[]> documents(Path cq4) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(cq4)).order(ByteOrder.LITTLE_ENDIAN);
    List<long[]> docs = new ArrayList<>();
    for (int at = 0; at + 4 <= b.limit(); ) {
      int h = b.getInt(at);
      if (h == 0 || h < 0) {
        break;
      }
      int length = h & 0x3FFFFFFF;
      if ((h & 0x40000000) == 0) {
        docs.add(new long[] {at, length});
      }
      at = (at + 4 + length + 3) & ~3;
    }
    return docs;
  }

  static Path cycleFile(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
  }

  static void xor(Path file, long offset, int mask) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ mask);
    }
  }

  private static void write(Path file, long offset, byte[] bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      f.write(bytes);
    }
  }

  private Path copy(Path journal, String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    try (Stream<Path> s = Files.list(journal)) {
      for (Path p : s.toList()) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
    return dir;
  }

  @Test
  void theRecordedFixtureWithAByteFlippedInItsLastBatchIsDamagedNotHalfWritten() throws IOException {
    Path fixture = FIXTURES.resolve("recorded-loopback");
    Path dir = copy(fixture, "flipped");
    Path cq4 = cycleFile(dir);
    xor(cq4, 68_000, 0xff);
    long[] last = documents(cq4).getLast();
    assertTrue(last[0] < 68_000 && 68_000 < last[0] + 4 + last[1], "68000 lies in the last batch");

    Read whole = read(fixture);
    Read damaged = read(dir);
    assertEquals(Ending.DAMAGED_TAIL, damaged.outcome().ending());
    assertEquals(1, damaged.outcome().damage().size(), damaged.outcome().toString());
    EventSource.Damage d = damaged.outcome().damage().getFirst();
    assertEquals(cq4, d.file());
    assertEquals(last[0], d.offset());
    assertEquals("checksum mismatch", d.why());
    assertEquals(whole.outcome().records() - damaged.outcome().records(), d.recordsLost(), "the batch says how many records it held");
    assertEquals(whole.events().subList(0, damaged.events().size()), damaged.events());
  }

  @Test
  void readingGoesOnPastADamagedBatchInTheMiddle() throws IOException {
    Path journal = journal("many", true);
    Read whole = read(journal);
    Path dir = copy(journal, "damaged");
    Path cq4 = cycleFile(dir);
    long[] batch = documents(cq4).get(12);
    xor(cq4, batch[0] + 4 + 30, 0x01);
    byte[] before = Files.readAllBytes(cq4);

    Read damaged = read(dir);
    assertEquals(Ending.CLEAN, damaged.outcome().ending(), "the END after the damage is read");
    assertEquals(List.of(new EventSource.Damage(cq4, batch[0], 3, "checksum mismatch")), damaged.outcome().damage());
    assertEquals(without(whole.events(), 12), damaged.events());
    assertEquals(whole.events().size() - 3, damaged.events().size());
    assertEquals(whole.outcome().records() - 3, damaged.outcome().records());
    assertArrayEquals(before, Files.readAllBytes(cq4), "a reader never writes to a journal");
  }

  @Test
  void severalDamagedBatchesAreEachReported() throws IOException {
    Path journal = journal("many", true);
    Read whole = read(journal);
    Path cq4 = cycleFile(journal);
    List<long[]> docs = documents(cq4);
    for (int j : new int[] {5, 6, 20}) {
      xor(cq4, docs.get(j)[0] + 4 + 25, 0x80);
    }
    Read damaged = read(journal);
    assertEquals(List.of(docs.get(5)[0], docs.get(6)[0], docs.get(20)[0]),
        damaged.outcome().damage().stream().map(EventSource.Damage::offset).toList());
    assertEquals(without(without(without(whole.events(), 5), 6), 20), damaged.events());
    assertEquals(9, damaged.outcome().recordsLostToDamage());
  }

  /** Each byte of Chronicle's 4-byte document header, and each of its two flags alone. */
  @ParameterizedTest(name = "header byte {0} xor {1}")
  @CsvSource({"0, 255", "1, 255", "2, 255", "3, 255", "3, 64", "3, 128"})
  void aDamagedDocumentHeaderIsReportedAndItsIntactBatchStillRead(int headerByte, int mask) throws IOException {
    Path journal = journal("many", true);
    Read whole = read(journal);
    Path cq4 = cycleFile(journal);
    long[] batch = documents(cq4).get(12);
    xor(cq4, batch[0] + headerByte, mask);

    Read damaged = read(journal);
    assertEquals(whole.events(), damaged.events(), "the batch's own length and checksum find it");
    assertEquals(Ending.CLEAN, damaged.outcome().ending());
    assertEquals(1, damaged.outcome().damage().size(), damaged.outcome().toString());
    EventSource.Damage d = damaged.outcome().damage().getFirst();
    assertEquals(batch[0], d.offset());
    assertEquals(0, d.recordsLost());
    assertTrue(d.why().startsWith("Chronicle's document header is damaged"), d.why());
  }

  /** Each field of tcptop's 20-byte batch header (magic, version, count, payload length, checksum), and the first record. */
  @ParameterizedTest(name = "batch byte {0}")
  @ValueSource(ints = {0, 4, 8, 12, 16, 20})
  void aDamagedBatchHeaderIsReported(int batchByte) throws IOException {
    Path journal = journal("many", true);
    Read whole = read(journal);
    Path cq4 = cycleFile(journal);
    long[] batch = documents(cq4).get(12);
    xor(cq4, batch[0] + 4 + batchByte, 0x02);

    Read damaged = read(journal);
    assertEquals(Ending.CLEAN, damaged.outcome().ending());
    assertEquals(1, damaged.outcome().damage().size(), damaged.outcome().toString());
    EventSource.Damage d = damaged.outcome().damage().getFirst();
    assertEquals(batch[0], d.offset());
    if (batchByte == 8) {
      // The count is outside the checksum: the records are intact and all read.
      assertEquals(whole.events(), damaged.events());
      assertEquals(0, d.recordsLost());
      assertTrue(d.why().contains("says 1 records but it holds 3"), d.why());
    } else {
      assertEquals(without(whole.events(), 12), damaged.events());
      assertEquals(3, d.recordsLost(), d.why());
    }
  }

  @Test
  void laterRecordsOfAFlowDescribedOnlyInADamagedBatchAreSkippedAndCounted() throws IOException {
    Path dir = tmp.resolve("lost-flow");
    try (Scenario s = new Scenario(dir)) {
      Flow a = s.at(0.5).tcp("10.0.0.1", 40000, "10.0.0.2", 443, 100, "client");
      s.flush();
      Flow b = s.at(1.5).tcp("10.0.0.1", 40001, "10.0.0.3", 22, 200, "ssh");
      s.flush();
      for (int i = 1; i <= 10; i++) {
        s.at(i * 1000.0 + 1).send(a, i).send(b, 7).flush();
      }
    }
    Read whole = read(dir);
    Path cq4 = cycleFile(dir);
    long[] flowB = documents(cq4).get(2);
    xor(cq4, flowB[0] + 4 + 22, 0x10);

    Read damaged = read(dir);
    assertEquals(List.of(new EventSource.Damage(cq4, flowB[0], 1, "checksum mismatch")), damaged.outcome().damage());
    assertEquals(10, damaged.outcome().recordsOfLostFlows(), "b's ten sends");
    assertEquals(11, damaged.outcome().recordsLostToDamage());
    List<Event> expected = whole.events().stream()
        .filter(e -> !(e instanceof Flow f && f.id() == 2) && !(e instanceof Traffic t && t.flow().id() == 2)).toList();
    assertEquals(expected, damaged.events());
    assertEquals(Ending.CLEAN, damaged.outcome().ending());
  }

  /** The file ends inside the last batch: in its second record, or inside its last record. */
  @ParameterizedTest(name = "{0} bytes of the batch cut off")
  @ValueSource(ints = {32, 3})
  void aLastBatchTruncatedMidwayIsHalfWrittenNotDamage(int cutOff) throws IOException {
    Path journal = journal("killed", false);
    Read whole = read(journal);
    Path cq4 = cycleFile(journal);
    long[] last = documents(cq4).getLast();
    long size = last[0] + 4 + last[1] - cutOff;
    try (RandomAccessFile f = new RandomAccessFile(cq4.toFile(), "rw")) {
      f.setLength(size);
    }
    Read cut = read(journal);
    assertEquals(Ending.HALF_WRITTEN_TAIL, cut.outcome().ending());
    assertEquals(List.of(), cut.outcome().damage());
    assertEquals(without(whole.events(), TICKS + 1), cut.events());
    assertEquals(size, Files.size(cq4), "a reader must not grow a journal back");
  }

  /** Zeros from where a record should begin to the end: the rest of the batch never reached the disk. */
  @Test
  void aLastBatchWhoseRecordsGiveWayToZerosIsHalfWritten() throws IOException {
    Path journal = journal("killed", false);
    Read whole = read(journal);
    Path cq4 = cycleFile(journal);
    long[] last = documents(cq4).getLast();
    long zerosFrom = last[0] + 4 + 20 + 9 + 17;
    write(cq4, zerosFrom, new byte[(int) (last[0] + 4 + last[1] - zerosFrom)]);

    Read cut = read(journal);
    assertEquals(Ending.HALF_WRITTEN_TAIL, cut.outcome().ending());
    assertEquals(List.of(), cut.outcome().damage());
    assertEquals(without(whole.events(), TICKS + 1), cut.events());
  }

  /** Zeros from a page boundary in the middle of a record: the batch's last page never reached the disk. */
  @Test
  void aLastBatchWhoseLastPageIsZeroIsHalfWritten() throws IOException {
    Path dir = tmp.resolve("big-last");
    Scenario s = new Scenario(dir);
    Flow a = s.at(0.5).tcp("10.0.0.1", 40000, "10.0.0.2", 443, 100, "client");
    s.at(1000.5).send(a, 1).flush();
    s.at(2000.5);
    for (int i = 0; i < 600; i++) {
      s.send(a, 100 + i);
    }
    s.crash();
    Read whole = read(dir);
    Path cq4 = cycleFile(dir);
    long[] last = documents(cq4).getLast();
    long end = last[0] + 4 + last[1];
    long page = (end - 100) / 4096 * 4096;
    while ((page - last[0] - 4 - 20 - 9) % 17 == 0) {
      page -= 4096;
    }
    assertTrue(page > last[0] + 4 + 20, "a page boundary that cuts a record lies in the batch");
    write(cq4, page, new byte[(int) (end - page)]);

    Read cut = read(dir);
    assertEquals(Ending.HALF_WRITTEN_TAIL, cut.outcome().ending(), cut.outcome().toString());
    assertEquals(List.of(), cut.outcome().damage());
    assertEquals(whole.events().stream().filter(e -> e.tsNs() < Scenario.START_NS + 2_000_000_000L).toList(), cut.events());
  }

  /** What a recorder killed while writing leaves: Chronicle's "not complete" header, then part of the batch. */
  @Test
  void aDocumentItsWriterNeverFinishedIsHalfWritten() throws IOException {
    Path journal = journal("killed", false);
    Read whole = read(journal);
    Path cq4 = cycleFile(journal);
    List<long[]> docs = documents(cq4);
    long[] last = docs.getLast();
    byte[] partial = Arrays.copyOfRange(Files.readAllBytes(cq4), (int) docs.get(5)[0] + 4, (int) docs.get(5)[0] + 4 + 40);
    long end = (last[0] + 4 + last[1] + 3) & ~3;
    write(cq4, end, new byte[] {0, 0, 0, (byte) 0x80});
    write(cq4, end + 4, partial);

    Read cut = read(journal);
    assertEquals(Ending.HALF_WRITTEN_TAIL, cut.outcome().ending());
    assertEquals(List.of(), cut.outcome().damage());
    assertEquals(whole.events(), cut.events());
  }

  /**
   * What a recorder whose disk filled while writing leaves: Chronicle closes the failed document
   * as one padding byte (and again when the recorder's close retries), and what reached the disk
   * of the batch lies after it.
   */
  @Test
  void aWriteThatFailedOnAFullDiskIsHalfWritten() throws IOException {
    Path journal = journal("full", false);
    Read whole = read(journal);
    Path cq4 = cycleFile(journal);
    List<long[]> docs = documents(cq4);
    long[] last = docs.getLast();
    long end = (last[0] + 4 + last[1] + 3) & ~3;
    byte[] batch = Arrays.copyOfRange(Files.readAllBytes(cq4), (int) docs.get(5)[0] + 4, (int) docs.get(5)[0] + 4 + 40);
    write(cq4, end, new byte[] {1, 0, 0, 0, (byte) 0x8f, 0, 0, 0, 1, 0, 0, 0, (byte) 0x8f, 0, 0, 0, 0, 0, 0, 0});
    write(cq4, end + 20, Arrays.copyOfRange(batch, 8, 40));

    Read cut = read(journal);
    assertEquals(Ending.HALF_WRITTEN_TAIL, cut.outcome().ending());
    assertEquals(List.of(), cut.outcome().damage());
    assertEquals(whole.events(), cut.events());
  }

  @Test
  void garbageAfterTheLastBatchIsDamage() throws IOException {
    Path journal = journal("garbage", false);
    Read whole = read(journal);
    Path cq4 = cycleFile(journal);
    long[] last = documents(cq4).getLast();
    long end = (last[0] + 4 + last[1] + 3) & ~3;
    byte[] garbage = new byte[64];
    Arrays.fill(garbage, (byte) 0x5a);
    write(cq4, end + 4096, garbage);

    Read damaged = read(journal);
    assertEquals(whole.events(), damaged.events());
    assertEquals(Ending.DAMAGED_TAIL, damaged.outcome().ending());
    assertEquals(1, damaged.outcome().damage().size(), damaged.outcome().toString());
    assertEquals(-1, damaged.outcome().damage().getFirst().recordsLost());
  }

  @Test
  void aBatchCutShortAtTheEndOfACycleFileThatIsNotTheLastIsDamage() throws IOException {
    Path dir = tmp.resolve("two-days");
    long[] millis = {Scenario.START_EPOCH_NS / 1_000_000};
    var header = new io.tcptop.event.SessionStart(Scenario.START_NS, "h", "k", "t",
        Scenario.START_EPOCH_NS - Scenario.START_NS, 1_000_000_000L, "");
    Flow a = new Flow(Scenario.START_NS, 1, 7, io.tcptop.event.Proto.TCP, 4, "10.0.0.1", 1, "10.0.0.2", 2, 3, "x");
    try (JournalWriter w = JournalWriter.create(dir, header, new JournalWriter.Options(false, 256 * 1024, () -> millis[0]))) {
      w.onEvent(a);
      for (int i = 1; i <= 20; i++) {
        if (i == 11) {
          millis[0] += 86_400_000L;
        }
        w.onTraffic(Scenario.START_NS + i, a, io.tcptop.event.Direction.SEND, i);
        w.flush();
      }
      w.onEvent(new io.tcptop.event.SessionEnd(Scenario.START_NS + 21, 20, 0));
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".cq4")).sorted().toList();
    }
    assertEquals(2, files.size(), "the clock passed midnight: two cycle files");
    Read whole = read(dir);
    long[] lastOfDay = documents(files.getFirst()).getLast();
    write(files.getFirst(), lastOfDay[0] + 4 + 20, new byte[(int) lastOfDay[1] - 20]);

    Read damaged = read(dir);
    assertEquals(Ending.CLEAN, damaged.outcome().ending(), "the second file is read");
    assertEquals(List.of(new EventSource.Damage(files.getFirst(), lastOfDay[0], 1, "checksum mismatch")),
        damaged.outcome().damage());
    assertEquals(whole.events().stream().filter(e -> !(e instanceof Traffic t && t.bytes() == 10)).toList(), damaged.events());
  }
}
