package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource;
import io.tcptop.event.Flow;
import io.tcptop.event.Tick;
import io.tcptop.fixtures.Busy;
import io.tcptop.fixtures.Scenario;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reading resumed from a position taken in another reading hands over exactly what that reading
 * went on with, record for record, and ends with the same outcome: in every fixture, in journals
 * of many batches (ticks in the middle of batches), across the cycle files and key frames of a
 * rolling journal, and after damage read past.
 */
class ResumeTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");

  @TempDir Path tmp;

  /** A whole reading: every record as text, and a position after each record it was asked for. */
  static final class Reading implements EventHandler {
    final JournalSource source;
    final boolean everyRecord;
    final List<String> records = new ArrayList<>();
    /** Positions and how many records had been handed over when each was taken. */
    final List<JournalSource.Position> positions = new ArrayList<>();
    final List<Integer> after = new ArrayList<>();
    int refused;
    EventSource.Outcome outcome;

    Reading(JournalSource source, boolean everyRecord) {
      this.source = source;
      this.everyRecord = everyRecord;
    }

    @Override
    public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
      records.add("traffic " + tsNs + " " + flow.id() + " " + flow.pid() + " " + direction + " " + bytes);
      mark(false);
    }

    @Override
    public void onEvent(Event event) {
      records.add(event.toString());
      mark(event instanceof Tick);
    }

    private void mark(boolean tick) {
      if (tick || everyRecord) {
        JournalSource.Position p = source.position();
        if (p == null) {
          refused++;
        } else {
          positions.add(p);
          after.add(records.size());
        }
      }
    }
  }

  static Reading read(Path journal, boolean everyRecord) {
    try (JournalSource s = JournalSource.open(journal)) {
      Reading r = new Reading(s, everyRecord);
      r.outcome = s.forEach(r);
      assertNull(s.position(), "no position outside a reading");
      return r;
    }
  }

  /** Resumes from each {@code stride}-th position (and the last) in a fresh source, and compares. */
  static int checkResumes(Path journal, Reading whole, int stride) {
    int checked = 0;
    for (int i = 0; i < whole.positions.size(); i++) {
      if (i % stride != 0 && i != whole.positions.size() - 1) {
        continue;
      }
      int from = whole.after.get(i);
      try (JournalSource s = JournalSource.open(journal)) {
        Reading rest = new Reading(s, false);
        EventSource.Outcome o = s.forEachFrom(whole.positions.get(i), rest);
        assertNotNull(o, "position " + i + " of " + journal);
        assertEquals(whole.records.subList(from, whole.records.size()), rest.records, "after record " + from + " of " + journal);
        assertEquals(whole.outcome, o, "the outcome after record " + from);
        assertEquals(whole.records.size() - from, rest.records.size());
      }
      checked++;
    }
    return checked;
  }

  @Test
  void everyFixtureResumesAtEveryTick() throws IOException {
    List<Path> journals;
    try (Stream<Path> s = Files.list(FIXTURES)) {
      journals = s.filter(JournalSource::looksLikeJournal).sorted().toList();
    }
    assertTrue(journals.size() >= 9, "fixtures missing: " + journals);
    for (Path j : journals) {
      Reading whole = read(j, false);
      assertFalse(whole.positions.isEmpty(), j + " has ticks");
      assertEquals(0, whole.refused, j.toString());
      checkResumes(j, whole, 1);
    }
  }

  @Test
  void aSmallJournalResumesAfterEveryRecord() {
    Path j = FIXTURES.resolve("tcp-v4");
    Reading whole = read(j, true);
    assertEquals(whole.records.size(), whole.positions.size());
    assertEquals(whole.records.size(), checkResumes(j, whole, 1));
  }

  @Test
  void aJournalOfManyBatchesResumesInTheMiddleOfABatch() {
    Path j = tmp.resolve("busy");
    Busy.write(new Scenario(j, 250_000_000L, ""), 160, 250, 1);
    Reading whole = read(j, false);
    assertTrue(whole.positions.size() >= 160, "ticks: " + whole.positions.size());
    long batches = whole.positions.stream().map(p -> p.index).distinct().count();
    assertTrue(batches > 10 && batches < whole.positions.size() / 2,
        whole.positions.size() + " ticks in " + batches + " batches: several ticks to a batch");
    assertTrue(checkResumes(j, whole, 3) > 50);
  }

  @Test
  void aRollingJournalResumesAcrossItsCycleFilesAndKeyFrames() throws IOException {
    Path j = tmp.resolve("rolled");
    System.setProperty("tcptop.rollCycle", "SECONDLY");
    try {
      Busy.write(new Scenario(j, 250_000_000L, "", new Retention(0, 0, 1)), 40, 250, 2);
    } finally {
      System.clearProperty("tcptop.rollCycle");
    }
    try (Stream<Path> s = Files.list(j)) {
      assertTrue(s.filter(p -> p.toString().endsWith(".cq4")).count() >= 8, "one cycle file a second");
    }
    Reading whole = read(j, false);
    assertTrue(whole.positions.stream().map(p -> p.cycle).distinct().count() >= 8, "positions in every cycle");
    checkResumes(j, whole, 1);
  }

  @Test
  void aPositionInACycleFileThatARollingRecorderDeletedCannotBeResumed() throws IOException {
    Path j = tmp.resolve("rolling");
    System.setProperty("tcptop.rollCycle", "SECONDLY");
    Scenario s;
    try {
      s = new Scenario(j, 250_000_000L, "", new Retention(2_000, 0, 1));
    } finally {
      System.clearProperty("tcptop.rollCycle");
    }
    Flow f = s.tcp("10.0.0.1", 40000, "10.0.0.2", 443, 7, "curl");
    for (int ms = 10; ms <= 3_000; ms += 10) {
      s.at(ms).send(f, 100);
    }
    s.flush();
    Reading early = read(j, false);
    JournalSource.Position first = early.positions.get(0);
    for (int ms = 3_010; ms <= 8_000; ms += 10) {
      s.at(ms).send(f, 100);
    }
    s.flush();
    try (JournalSource source = JournalSource.open(j)) {
      Reading nothing = new Reading(source, false);
      assertNull(source.forEachFrom(first, nothing), "its cycle file was deleted");
      assertTrue(nothing.records.isEmpty());
    }
    Reading late = read(j, false);
    JournalSource.Position last = late.positions.get(late.positions.size() - 1);
    try (JournalSource source = JournalSource.open(j)) {
      Reading rest = new Reading(source, false);
      assertNotNull(source.forEachFrom(last, rest), "a position the window still holds");
      assertEquals(late.records.subList(late.after.get(late.positions.size() - 1), late.records.size()), rest.records);
    }
    s.close();
  }

  @Test
  void aReadingResumedAfterDamageReportsTheDamageReadBeforeIt() throws IOException {
    Path j = tmp.resolve("damaged");
    Busy.write(new Scenario(j, 250_000_000L, ""), 120, 250, 4);
    Path cq4;
    try (Stream<Path> s = Files.list(j)) {
      cq4 = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(cq4.toFile(), "rw")) {
      f.seek(150_000);
      f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }
    Reading whole = read(j, false);
    assertTrue(whole.outcome.damaged(), whole.outcome.toString());
    assertFalse(whole.positions.isEmpty());
    assertTrue(whole.refused > 0, "no position where the rest of a file is read past damage: " + whole.outcome + " " + whole.positions.size());
    assertEquals(whole.outcome, read(j, false).outcome);
    checkResumes(j, whole, 1);
  }

  @Test
  void aPositionBelongsToItsJournal() {
    Reading whole = read(FIXTURES.resolve("tcp-v4"), false);
    try (JournalSource s = JournalSource.open(FIXTURES.resolve("tcp-v6"))) {
      assertThrows(IllegalArgumentException.class, () -> s.forEachFrom(whole.positions.get(0), EventHandler.DISCARD));
    }
  }
}
