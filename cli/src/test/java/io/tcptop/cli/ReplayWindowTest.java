package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.journal.JournalSource;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** replay --to stops reading the journal at the window's end, and prints exactly the window's lines. */
class ReplayWindowTest {
  /** 20 s of ticks, every second, in many batches. */
  static final Path JOURNAL = CommandLineTest.FIXTURES.resolve("many-connections");
  static final Pattern RECORDS = Pattern.compile("replayed .*?: (\\d+) records");
  static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** The ts text of replay's JSONL for the session start plus {@code seconds}. */
  private static String startPlus(double seconds) {
    try (JournalSource s = JournalSource.open(JOURNAL)) {
      long ns = s.header().startEpochNs() + Math.round(seconds * 1e9);
      return ISO.format(Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)));
    }
  }

  /** The lines of a whole replay whose ts lies in [from, to] (ISO-8601 UTC text sorts by time). */
  private static List<String> window(Cli.Result whole, String from, String to) {
    return whole.outLines().stream().filter(l -> {
      String ts = l.substring("{\"ts\":\"".length(), l.indexOf("\",")); // every line starts with ts
      return ts.compareTo(from) >= 0 && ts.compareTo(to) <= 0;
    }).toList();
  }

  private static long records(Cli.Result r) {
    Matcher m = RECORDS.matcher(r.err());
    assertTrue(m.find(), r.err());
    return Long.parseLong(m.group(1));
  }

  @Test
  void realtimeReplayStopsAtTo() {
    Cli.Result whole = Cli.run("replay", JOURNAL.toString(), "--format", "jsonl");
    long start = System.nanoTime();
    Cli.Result r = Cli.run("replay", JOURNAL.toString(), "--format", "jsonl", "--speed", "realtime", "--to", "+1s");
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, r.exit(), r.err());
    assertTrue(elapsedMs >= 900, "the tick at +1s is still paced: " + elapsedMs + " ms");
    assertTrue(elapsedMs < 5_000, "a 20 s recording replayed to +1s took " + elapsedMs + " ms");
    List<String> expected = window(whole, "", startPlus(1));
    assertFalse(expected.isEmpty());
    assertEquals(expected, r.outLines());
    assertTrue(r.err().contains("stopped reading at the end of the window"), r.err());
    assertTrue(records(r) < records(whole) / 4, "read " + records(r) + " of " + records(whole) + " records");
  }

  @Test
  void aWindowInTheMiddlePrintsExactlyItsLines() {
    Cli.Result whole = Cli.run("replay", JOURNAL.toString(), "--format", "jsonl");
    Cli.Result r = Cli.run("replay", JOURNAL.toString(), "--format", "jsonl", "--from", "+3s", "--to", "+7.5s");
    assertEquals(0, r.exit(), r.err());
    assertEquals(window(whole, startPlus(3), startPlus(7.5)), r.outLines());
    assertTrue(records(r) < records(whole), r.err());
  }

  @Test
  void aWindowOfReTickedLinesPrintsExactlyItsLines() {
    Cli.Result whole = Cli.run("replay", JOURNAL.toString(), "--format", "jsonl", "--interval", "700ms");
    Cli.Result r = Cli.run("replay", JOURNAL.toString(), "--format", "jsonl", "--interval", "700ms",
        "--from", "+2s", "--to", "+6.3s");
    assertEquals(0, r.exit(), r.err());
    List<String> expected = window(whole, startPlus(2), startPlus(6.3));
    assertTrue(expected.size() > 20, expected.toString());
    assertEquals(expected, r.outLines());
    assertTrue(records(r) < records(whole), r.err());
  }

  @Test
  void aWindowPastTheEndPrintsTheLastPartialTickLikeAWholeReplay() {
    Path journal = CommandLineTest.FIXTURES.resolve("truncated-tail");
    Cli.Result whole = Cli.run("replay", journal.toString(), "--format", "jsonl");
    Cli.Result r = Cli.run("replay", journal.toString(), "--format", "jsonl", "--to", "+1h");
    assertEquals(0, r.exit(), r.err());
    assertEquals(whole.out(), r.out());
  }
}
