package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.event.*;
import io.tcptop.view.OutputFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling journal written with one-second cycles and a four-second window, next to a plain
 * journal of the same stream: what the window kept replays to exactly the lines the whole
 * stream printed for those ticks, and the window's limits hold.
 */
class RollingJournalTest {
  @TempDir Path tmp;
  static final long S = 1_000_000_000L;
  static final long MONO = 1_000 * S;
  static final long EPOCH = 1_795_168_800_000_000_000L;
  final AtomicLong millis = new AtomicLong(EPOCH / 1_000_000);
  static final List<Cgroup> CGROUPS = List.of(Cgroup.of(5001, "/system.slice/docker-" + "c1".repeat(32) + ".scope"),
      Cgroup.of(5002, "/system.slice/nginx.service"), Cgroup.NONE);

  @BeforeEach
  void secondCycles() {
    System.setProperty("tcptop.rollCycle", "SECONDLY");
  }

  @AfterEach
  void restore() {
    System.clearProperty("tcptop.rollCycle");
  }

  /** Writes the same events to both journals, moving Chronicle's clock along with event time. */
  final class Both {
    final JournalWriter rolled;
    final JournalWriter whole;

    Both(Path rolledDir, Path wholeDir, Retention window) {
      rolled = JournalWriter.create(rolledDir, new JournalWriter.Options(false, 1 << 20, millis::get).rolling(window));
      whole = JournalWriter.create(wholeDir, new JournalWriter.Options(false, 1 << 20, millis::get));
    }

    void at(long ts) {
      millis.set((ts - MONO + EPOCH) / 1_000_000);
    }

    void event(Event e) {
      at(e.tsNs());
      rolled.accept(e);
      whole.accept(e);
    }

    void flush() {
      rolled.onFlush();
      whole.onFlush();
    }
  }

  @Test
  void whatTheWindowKeptReplaysToTheLinesTheWholeStreamPrinted() throws Exception {
    Path rolledDir = tmp.resolve("rolled");
    Path wholeDir = tmp.resolve("whole");
    Retention window = new Retention(4_000, 0, 3);
    Both both = new Both(rolledDir, wholeDir, window);
    both.event(new SessionStart(MONO, "web-1", "6.18", "tcptop test", EPOCH - MONO, S / 4, ""));
    Random r = new Random(42);
    List<Flow> open = new ArrayList<>();
    int nextId = 1;
    long tick = MONO + S / 4;
    for (long t = MONO + 1_000_000; t < MONO + 12 * S; t += 7_000_000 + r.nextInt(5_000_000)) {
      while (tick <= t) {
        both.event(new Tick(tick));
        tick += S / 4;
      }
      int what = r.nextInt(20);
      if (open.size() < 3 || what == 0) {
        boolean udp = r.nextInt(3) == 0;
        Flow f = new Flow(t, nextId, 1000 + nextId, udp ? Proto.UDP : Proto.TCP, 4, "10.0.0." + nextId, 30000 + nextId,
            "192.0.2." + (nextId % 7), 443, 100 + nextId % 5, "proc" + nextId % 3, CGROUPS.get(nextId % 3),
            4026531840L + nextId % 2);
        nextId++;
        both.event(f);
        if (!udp) {
          both.event(new StateChange(t, f, TcpState.SYN_SENT, TcpState.ESTABLISHED, 1, 0, 40 + r.nextInt(20)));
        }
        open.add(f);
      } else if (what == 1 && open.size() > 3) {
        Flow f = open.remove(r.nextInt(open.size()));
        if (f.proto() == Proto.TCP) {
          both.event(new StateChange(t, f, TcpState.ESTABLISHED, TcpState.CLOSE, 5, 5, 50));
        }
        both.event(new FlowGone(t, f.id()));
      } else if (what == 2) {
        Flow f = open.get(r.nextInt(open.size()));
        Flow owned = f.withOwner(t, f.pid() + 1000, "new" + f.comm(), CGROUPS.get(r.nextInt(CGROUPS.size())));
        open.set(open.indexOf(f), owned);
        both.event(owned);
      } else if (what == 3) {
        both.event(new Loss(t, LossCause.RING_BUFFER_FULL, 1 + r.nextInt(5)));
      } else if (what == 4 && open.get(0).proto() == Proto.TCP) {
        both.event(new RttSample(t, open.get(0), 100 + r.nextInt(900)));
      } else {
        // UDP flows talk rarely, so some expire (5 s) and come back as new connections.
        Flow f = open.get(r.nextInt(open.size()));
        if (f.proto() == Proto.UDP && r.nextInt(6) != 0) {
          continue;
        }
        both.event(new Traffic(t, f, r.nextBoolean() ? Direction.SEND : Direction.RECV, 1 + r.nextInt(5000)));
      }
      if (r.nextInt(10) == 0) {
        both.flush();
      }
    }
    both.event(new Tick(tick));
    both.event(new SessionEnd(tick, 0, 0));
    both.rolled.close();
    both.whole.close();

    List<String> cycles;
    try (Stream<Path> s = Files.list(rolledDir)) {
      cycles = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
    }
    assertTrue(cycles.size() >= 3 && cycles.size() <= 6, "a 4 s window of 1 s cycles keeps 5 or so: " + cycles);
    String rolled = replay(rolledDir);
    String whole = replay(wholeDir);
    long firstTick;
    try (JournalSource s = JournalSource.open(rolledDir)) {
      firstTick = s.header().toEpochNs(s.header().tsNs());
      assertTrue(s.header().tsNs() > MONO + 5 * S, "the journal starts at a key frame, not at the session start");
    }
    List<String> expected = whole.lines()
        .filter(l -> l.startsWith("{") && epochOf(l) > firstTick).toList();
    List<String> actual = rolled.lines().filter(l -> l.startsWith("{")).toList();
    assertTrue(expected.size() > 50, "the window holds seconds of lines: " + expected.size());
    assertEquals(expected, actual);
    // The key frame the rolled journal starts at names the cgroups of the flows it restates.
    assertTrue(actual.stream().anyMatch(l -> l.contains("\"container\":\"" + "c1".repeat(32) + "\"")), "a container is named");
    assertTrue(actual.stream().anyMatch(l -> l.contains("\"cgroup\":\"/system.slice/nginx.service\"")), "a unit is named");

    aReaderOutpacedByTheWindowGoesOnFromTheNextKeyFrame(rolledDir);
  }

  /**
   * The recorder's own one-minute cycles, each holding a few kilobytes as a quiet host's minutes
   * do (their data begins 32 KB in, after Chronicle's index): every one is read to its
   * end-of-file mark and the next one on (a read once hung at the first cycle's end, taking the
   * mark for zeros), and the whole prints what the same stream in one file prints.
   */
  @Test
  void smallMinuteCyclesAreReadOneAfterAnother() {
    System.clearProperty("tcptop.rollCycle");
    final long S = 60 * RollingJournalTest.S;
    Path rolledDir = tmp.resolve("rolled");
    Path wholeDir = tmp.resolve("whole");
    Both both = new Both(rolledDir, wholeDir, new Retention(3_600_000, 0, 3));
    both.event(new SessionStart(MONO, "web-1", "6.18", "tcptop test", EPOCH - MONO, S, ""));
    Flow f = new Flow(MONO + 1, 1, 1001, Proto.TCP, 4, "10.0.0.1", 30001, "192.0.2.1", 443, 100, "curl");
    both.event(f);
    for (int second = 1; second <= 4; second++) {
      both.event(new Traffic(MONO + second * S - S / 2, f, Direction.SEND, 100 * second));
      both.event(new Tick(MONO + second * S));
      both.flush();
    }
    both.event(new SessionEnd(MONO + 4 * S, 0, 0));
    both.rolled.close();
    both.whole.close();
    String whole = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> replay(wholeDir));
    String rolled = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> replay(rolledDir));
    assertTrue(whole.lines().filter(l -> l.startsWith("{")).count() >= 4, whole);
    assertEquals(whole, rolled);
  }

  /**
   * A dump of a rolling journal while the recorder writes: the recorder deletes the cycle after
   * the one being read. The read goes on from the next key frame, and prints there exactly what
   * a read starting at that key frame prints.
   */
  private void aReaderOutpacedByTheWindowGoesOnFromTheNextKeyFrame(Path rolledDir) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(rolledDir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
    }
    StringWriter raced = new StringWriter();
    try (PrintWriter w = new PrintWriter(raced); JournalSource source = JournalSource.open(rolledDir)) {
      Aggregator agg = new Aggregator(OutputFormat.jsonl.view(w));
      EventSource.Outcome outcome = source.forEach(new io.tcptop.stream.Stage(agg) {
        boolean deleted;

        @Override
        public void onEvent(Event e) {
          if (!deleted) {
            deleted = true;
            try {
              Files.delete(files.get(1));
            } catch (java.io.IOException x) {
              throw new java.io.UncheckedIOException(x);
            }
          }
          next.onEvent(e);
        }
      });
      agg.finish();
      assertEquals(EventSource.Ending.CLEAN, outcome.ending());
    }
    // What a reader that starts now finds: the files that are left (without Chronicle's table,
    // which still lists the deleted ones: the recorder refreshes it after it deletes).
    Path now = Files.createDirectories(tmp.resolve("now"));
    for (Path f : files.subList(2, files.size())) {
      Files.copy(f, now.resolve(f.getFileName()));
    }
    String fresh = replay(now);
    List<String> freshLines = fresh.lines().filter(l -> l.startsWith("{")).toList();
    List<String> racedLines = raced.toString().lines().filter(l -> l.startsWith("{")).toList();
    assertTrue(freshLines.size() > 20, fresh);
    int at = 0;
    for (String line : racedLines) {
      if (at < freshLines.size() && line.equals(freshLines.get(at))) {
        at++;
      }
    }
    assertEquals(freshLines.size(), at, "every line a read from the key frame prints, in order (missing from line " + at + "), in:\n" + raced);
  }

  static long epochOf(String jsonLine) {
    String ts = jsonLine.substring(jsonLine.indexOf("\"ts\":\"") + 6, jsonLine.indexOf("Z\""));
    java.time.Instant i = java.time.Instant.parse(ts + "Z");
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  static String replay(Path journal) {
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out); JournalSource source = JournalSource.open(journal)) {
      Aggregator agg = new Aggregator(OutputFormat.jsonl.view(w));
      source.forEach(agg);
      agg.finish();
    }
    return out.toString();
  }
}
