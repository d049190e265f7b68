package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelTestSupport;
import io.tcptop.journal.JournalSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling recording of the real kernel that outlives its window (one-second files, a three
 * second window, eight seconds of traffic): what it kept replays to exactly the lines the live
 * view printed for those ticks; it keeps no more than its window; restarted on its own directory
 * it continues as a new session.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingRecordTest {
  @TempDir static Path tmp;
  static Path journal;
  static Cli.Result recorded;

  @BeforeAll
  static void recordMoreThanTheWindow() throws Exception {
    KernelTestSupport.requireKernel();
    System.setProperty("tcptop.rollCycle", "SECONDLY");
    journal = tmp.resolve("rolling");
    CompletableFuture<Cli.Result> recording = CompletableFuture.supplyAsync(() -> Cli.run("record", "-o", journal.toString(),
        "--duration", "8s", "--interval", "250ms", "--max-age", "3s", "--live", "--format", "jsonl",
        "--pid", Long.toString(ProcessHandle.current().pid())));
    while (!Files.exists(journal.resolve("metadata.cq4t")) && !recording.isDone()) {
      Thread.sleep(20);
    }
    while (!recording.isDone()) {
      LoopbackTraffic.tcp("127.0.0.1", 10_000, 1_000);
      LoopbackTraffic.udpConnected("127.0.0.1", 100, 3);
      Thread.sleep(50);
    }
    recorded = recording.get();
    assertEquals(0, recorded.exit(), recorded.err());
  }

  @AfterAll
  static void restore() {
    System.clearProperty("tcptop.rollCycle");
  }

  @Test
  void whatTheWindowKeptReplaysToTheLinesTheLiveViewPrintedForThoseTicks() {
    long firstKept;
    try (JournalSource s = JournalSource.open(journal)) {
      firstKept = s.header().toEpochNs(s.header().tsNs());
    }
    Cli.Result replayed = Cli.run("replay", journal.toString(), "--format", "jsonl");
    assertEquals(0, replayed.exit(), replayed.err());
    List<String> expected = recorded.out().lines().filter(l -> epoch(l) > firstKept).toList();
    List<String> actual = replayed.out().lines().toList();
    assertTrue(expected.size() > 20, "seconds of lines in the window: " + expected.size());
    assertEquals(expected, actual);
    assertTrue(recorded.out().lines().count() > actual.size(), "the window dropped the oldest ticks");
  }

  @Test
  void theJournalHoldsNoMoreThanItsWindowAndOneCycle() throws Exception {
    List<String> cycles;
    try (Stream<Path> s = Files.list(journal)) {
      cycles = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
    }
    assertTrue(cycles.size() >= 3 && cycles.size() <= 6, cycles.toString());
    try (JournalSource s = JournalSource.open(journal)) {
      long oldest = s.header().toEpochNs(s.header().tsNs());
      long newest = epoch(recorded.out().lines().reduce((a, b) -> b).orElseThrow());
      assertTrue(newest - oldest <= 5_000_000_000L, "kept " + (newest - oldest) / 1e9 + " s, window 3 s + a cycle");
    }
  }

  @Test
  void aSliceAndAScrubbedSliceOfTheRecordingReplayAsItsWindowDoes() {
    String from = "+1s";
    String to = "+2500ms";
    Path slice = tmp.resolve("slice");
    Cli.Result s = Cli.run("slice", journal.toString(), "-o", slice.toString(), "--from", from, "--to", to, "--tcp");
    assertEquals(0, s.exit(), s.err());
    Cli.Result original = Cli.run("replay", journal.toString(), "--from", from, "--to", to, "--tcp", "--format", "jsonl");
    Cli.Result sliced = Cli.run("replay", slice.toString(), "--format", "jsonl");
    assertEquals(0, sliced.exit(), sliced.err());
    assertTrue(original.out().lines().count() >= 4, "ticks of traffic in the window: " + original.out());
    assertEquals(original.out(), sliced.out());

    Path scrubbed = tmp.resolve("scrubbed");
    Cli.Result sc = Cli.run("slice", journal.toString(), "-o", scrubbed.toString(), "--from", from, "--to", to, "--tcp", "--scrub");
    assertEquals(0, sc.exit(), sc.err());
    List<String> plain = original.out().lines().toList();
    List<String> hidden = Cli.run("replay", scrubbed.toString(), "--format", "jsonl").out().lines().toList();
    assertEquals(plain.size(), hidden.size());
    for (int i = 0; i < plain.size(); i++) {
      assertEquals(SliceCommandTest.masked(plain.get(i)), SliceCommandTest.masked(hidden.get(i)), "the same numbers");
      for (String field : new String[] {"comm", "local_addr", "remote_addr"}) {
        String shown = field(plain.get(i), field);
        assertFalse(shown.isEmpty(), field + " in " + plain.get(i));
        assertNotEquals(shown, field(hidden.get(i), field), field + " hidden in " + hidden.get(i));
      }
    }
  }

  static String field(String jsonLine, String name) {
    var m = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(jsonLine);
    return m.find() ? m.group(1) : "";
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void restartedOnItsOwnDirectoryItContinuesAsANewSession() throws Exception {
    CompletableFuture<Cli.Result> again = CompletableFuture.supplyAsync(() -> Cli.run("record", "-o", journal.toString(),
        "--duration", "2s", "--interval", "250ms", "--max-age", "3s", "--pid", Long.toString(ProcessHandle.current().pid())));
    while (!again.isDone()) {
      LoopbackTraffic.tcp("127.0.0.1", 777, 1);
      Thread.sleep(50);
    }
    Cli.Result r = again.get();
    assertEquals(0, r.exit(), r.err());
    Cli.Result replayed = Cli.run("replay", journal.toString(), "--format", "jsonl");
    assertEquals(0, replayed.exit(), replayed.err());
    assertTrue(replayed.out().contains("\"bytes_out\":777"), "the second session's traffic is there");
  }

  static long epoch(String jsonLine) {
    String ts = jsonLine.substring(jsonLine.indexOf("\"ts\":\"") + 6, jsonLine.indexOf("Z\""));
    Instant i = Instant.parse(ts + "Z");
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
