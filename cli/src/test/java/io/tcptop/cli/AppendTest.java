package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.testing.JournalCounts;
import io.tcptop.analyze.testing.SyntheticJournal;
import io.tcptop.analyze.testing.TestJournals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze export --append ROOT}: sessions are added under their partitions without touching
 * what is there, a session already present is refused unless --replace, which swaps exactly that
 * session's files, and every query sees each event once.
 */
class AppendTest {

  @TempDir Path tmp;

  private static final Map<String, Path> J = TestJournals.generated();

  @Test
  void appendAddsEachSessionUnderItsPartitionsAndLeavesWhatIsThereAlone() throws IOException {
    Path root = tmp.resolve("root");
    Cli.Result first = append(J.get("mixed"), root, "--partition-by", "host,date", "--timestamps", "us");
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.err().startsWith("exported 1 journal"), first.err());
    Map<Path, Object> before = identities(root);

    Cli.Result second = append(J.get("midnight"), root);
    assertEquals(0, second.exit(), second.err());
    assertTrue(second.err().startsWith("appended 1 journal"), second.err());

    Map<Path, Object> after = identities(root);
    for (var e : before.entrySet()) {
      assertEquals(e.getValue(), after.get(e.getKey()), "untouched: " + e.getKey());
    }
    assertTrue(Files.exists(root.resolve("events/host=db-01/date=2026-11-25")));
    assertTrue(Files.exists(root.resolve("events/host=db-01/date=2026-11-26")), "split at midnight, as a plain export");
    assertTrue(Files.readString(root.resolve("_tcptop")).contains("timestamps=us"), "the root's layout was used");
    assertEquals(List.of("host,records,bytes", "db-01," + records(J.get("midnight")) + "," + bytes(J.get("midnight")),
        "web-01," + records(J.get("mixed")) + "," + bytes(J.get("mixed"))), perHost(root));
    assertEquals(List.of("root"), siblings(tmp), "nothing left beside ROOT but its lock");
  }

  @Test
  void aSessionAlreadyThereIsRefusedInOneLineAndNothingChanges() throws IOException {
    Path root = tmp.resolve("root");
    assertEquals(0, append(J.get("mixed"), root, "--partition-by", "host,date").exit());
    Map<Path, Object> before = identities(root);
    Cli.Result again = append(J.get("mixed"), root);
    assertEquals(1, again.exit());
    assertEquals(1, again.errLines().size(), again.err());
    assertTrue(again.err().contains("already holds session web-01_") && again.err().contains("--replace"), again.err());
    assertEquals(before, identities(root));

    // The same journal exported anew with -o into the root: refused, pointing at --append.
    Cli.Result plain = Cli.analyze("export", J.get("mixed").toString(), "-o", root.toString());
    assertEquals(1, plain.exit());
    assertTrue(plain.err().contains("--append"), plain.err());
    assertEquals(before, identities(root));
  }

  @Test
  void replaceSwapsExactlyThatSessionsFiles() throws IOException {
    Path root = tmp.resolve("root");
    long start = TestJournals.MIDNIGHT - 9_000_000_000L;
    // db-01's session in full crosses midnight; a shorter journal of the same session does not.
    Path full = SyntheticJournal.write(tmp.resolve("full"), SyntheticJournal.Spec.small("db-01", 3).withStart(start));
    Path shorter = SyntheticJournal.write(tmp.resolve("short"),
        SyntheticJournal.Spec.small("db-01", 3).withStart(start).withRecords(500));
    assertEquals(0, append(J.get("mixed"), root, "--partition-by", "host,date").exit());
    assertEquals(0, append(full, root).exit());
    assertTrue(Files.exists(root.resolve("events/host=db-01/date=2026-11-26")));
    Map<Path, Object> before = identities(root);

    Cli.Result replaced = append(shorter, root, "--replace");
    assertEquals(0, replaced.exit(), replaced.err());
    assertTrue(replaced.err().contains("replaced 1 session"), replaced.err());
    Map<Path, Object> after = identities(root);
    for (var e : before.entrySet()) {
      if (!e.getKey().toString().contains("db-01")) {
        assertEquals(e.getValue(), after.get(e.getKey()), "another session's file, or the root's, is untouched: " + e.getKey());
      } else if (after.containsKey(e.getKey())) {
        assertNotEquals(e.getValue(), after.get(e.getKey()), "swapped: " + e.getKey());
      }
    }
    try (Stream<Path> s = Files.walk(root)) {
      assertTrue(s.noneMatch(p -> p.toString().contains("date=2026-11-26")), "files of the old session in a day the new one lacks are gone");
    }
    assertEquals(List.of("host,records,bytes", "db-01," + records(shorter) + "," + bytes(shorter),
        "web-01," + records(J.get("mixed")) + "," + bytes(J.get("mixed"))), perHost(root));
    assertEquals(List.of("session_rows", "2"), Cli.analyze("sql", root.toString(),
        "SELECT count(*) AS session_rows FROM sessions", "--format", "csv").outLines());
  }

  @Test
  void aSessionWithoutItsSessionsRowIsInvisibleAndItsNextAppendReplacesWhatWasLeft() throws IOException {
    Path root = tmp.resolve("root");
    assertEquals(0, append(J.get("mixed"), root, "--partition-by", "host,date").exit());
    assertEquals(0, append(J.get("busy"), root).exit());
    // What an append killed before its last rename leaves: every file of the session but its sessions row.
    try (Stream<Path> s = Files.walk(root.resolve("sessions"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-web-02")).toList()) {
        Files.delete(p);
      }
    }
    for (String view : List.of("events", "flows", "connections", "bandwidth")) {
      assertEquals(List.of("n", "0"), Cli.analyze("sql", root.toString(),
          "SELECT count(*) AS n FROM " + view + " WHERE session LIKE 'web-02%'", "--format", "csv").outLines(), view);
    }
    Cli.Result again = append(J.get("busy"), root);
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.err().contains("an interrupted append had left"), again.err());
    assertEquals(List.of("host,records,bytes", "web-01," + records(J.get("mixed")) + "," + bytes(J.get("mixed")),
        "web-02," + records(J.get("busy")) + "," + bytes(J.get("busy"))), perHost(root));
  }

  @Test
  void aForeignFileInAPartitionIsRefusedByAppendAndByQueries() throws IOException {
    Path root = tmp.resolve("root");
    assertEquals(0, append(J.get("mixed"), root, "--partition-by", "host,date").exit());
    Path partition = root.resolve("events/host=web-01/date=2026-11-18");
    Path original;
    try (Stream<Path> s = Files.list(partition)) {
      original = s.findFirst().orElseThrow();
    }
    // A copy a file manager or a second download made: DuckDB's *.parquet glob would read it too.
    Path copy = partition.resolve(original.getFileName().toString().replace(".parquet", " (1).parquet"));
    Files.copy(original, copy);
    Map<Path, Object> before = identities(root);
    Cli.Result refused = append(J.get("busy"), root);
    assertEquals(1, refused.exit());
    assertEquals(1, refused.errLines().size(), refused.err());
    assertTrue(refused.err().contains(copy.getFileName().toString()) && refused.err().contains("move it out"), refused.err());
    assertEquals(before, identities(root));
    Cli.Result query = Cli.analyze("sql", root.toString(), "SELECT count(*) FROM events");
    assertEquals(1, query.exit());
    assertTrue(query.err().contains(copy.getFileName().toString()), query.err());

    Files.delete(copy);
    Files.writeString(partition.resolve("_SUCCESS"), "");       // hidden, as for Spark: allowed
    Files.writeString(partition.resolve(".part.crc"), "");      // idem
    assertEquals(0, append(J.get("busy"), root).exit());
  }

  @Test
  void anExportWithoutSuccessOrOfAnotherLayoutIsRefused() throws IOException {
    Path root = tmp.resolve("root");
    assertEquals(0, append(J.get("mixed"), root, "--partition-by", "host,date", "--timestamps", "us").exit());
    Cli.Result layout = append(J.get("busy"), root, "--timestamps", "ns");
    assertEquals(1, layout.exit());
    assertTrue(layout.err().contains("--partition-by host,date --timestamps us"), layout.err());
    Cli.Result partitions = append(J.get("busy"), root, "--partition-by", "date,host");
    assertEquals(1, partitions.exit());

    Files.delete(root.resolve("_SUCCESS"));
    Map<Path, Object> before = identities(root);
    Cli.Result unfinished = append(J.get("busy"), root);
    assertEquals(1, unfinished.exit());
    assertEquals(1, unfinished.errLines().size(), unfinished.err());
    assertTrue(unfinished.err().contains("has no _SUCCESS"), unfinished.err());
    assertEquals(before, identities(root));

    Path notExport = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(notExport.resolve("cat.jpg"), "meow");
    Cli.Result foreign = append(J.get("busy"), notExport);
    assertEquals(1, foreign.exit());
    assertTrue(foreign.err().contains("is not an export"), foreign.err());
    assertTrue(Files.exists(notExport.resolve("cat.jpg")));

    assertEquals(2, Cli.analyze("export", J.get("busy").toString(), "--append", root.toString(), "--force").exit());
  }

  /**
   * What the hourly timer of docs/FLEET.md does, at a smaller scale: consecutive windows of a
   * journal dumped with --from/--to (the next window starts 1 ns after the last one ends), each
   * appended; the root holds every send and receive of the journal once.
   */
  @Test
  void consecutiveDumpsAppendedHoldEachTrafficEventOnce() throws IOException {
    Path journal = J.get("busy");
    Path root = tmp.resolve("root");
    var sessions = Cli.analyze("sql", journal.toString(),
        "SELECT epoch_ns(start_ts) AS s, epoch_ns(last_ts) AS l FROM sessions", "--format", "csv").outLines();
    String[] range = sessions.get(1).split(",");
    long from = Long.parseLong(range[0]);
    long last = Long.parseLong(range[1]);
    long window = 4_000_000_000L;
    int n = 0;
    for (long w = from - from % 1_000_000_000L; w <= last; w += window) {
      Path dump = tmp.resolve("dump-" + n++);
      Cli.Result d = Cli.run("dump", journal.toString(), "-o", dump.toString(), "--from", iso(w), "--to", iso(w + window - 1));
      assertEquals(0, d.exit(), d.err());
      Cli.Result a = append(dump, root, "--partition-by", "host,date", "--timestamps", "us");
      assertEquals(0, a.exit(), a.err());
    }
    assertTrue(n >= 3, "several windows: " + n);
    JournalCounts c = JournalCounts.of(journal);
    var traffic = Cli.analyze("sql", root.toString(), "SELECT count(*) AS n, sum(bytes) AS bytes, count(DISTINCT session) AS sessions "
        + "FROM events WHERE kind IN ('send', 'recv')", "--format", "csv").outLines();
    assertEquals(List.of("n,bytes,sessions", (c.kinds.get("send") + c.kinds.get("recv")) + "," + (c.bytesIn + c.bytesOut) + "," + n),
        traffic);
    var ticks = Cli.analyze("sql", root.toString(), "SELECT sum(tick_in + tick_out) AS bytes FROM bandwidth", "--format", "csv").outLines();
    assertEquals(List.of("bytes", Long.toString(c.bytesIn + c.bytesOut)), ticks, "each tick line in one window only");
  }

  /**
   * Two dumps of one journal whose windows overlap hold the same events under two session ids:
   * the second is refused in one line naming both sessions, before the root changes; with
   * --allow-overlap (separate recordings) it is taken.
   */
  @Test
  void aDumpOverlappingOneTheRootHoldsIsRefusedUnlessAllowed() throws IOException {
    Path journal = J.get("busy");
    Path root = tmp.resolve("root");
    var range = Cli.analyze("sql", journal.toString(), "SELECT epoch_ns(start_ts) AS s FROM sessions", "--format", "csv").outLines();
    long from = Long.parseLong(range.get(1));
    from -= from % 1_000_000_000L;
    Path early = tmp.resolve("dump-early");
    Path late = tmp.resolve("dump-late");
    assertEquals(0, Cli.run("dump", journal.toString(), "-o", early.toString(), "--from", iso(from), "--to", iso(from + 6_000_000_000L)).exit());
    assertEquals(0, Cli.run("dump", journal.toString(), "-o", late.toString(), "--from", iso(from + 3_000_000_000L),
        "--to", iso(from + 9_000_000_000L)).exit());
    assertEquals(0, append(early, root, "--partition-by", "host,date").exit());
    Map<Path, Object> before = identities(root);

    Cli.Result overlapping = append(late, root);
    assertEquals(1, overlapping.exit(), overlapping.err());
    assertEquals(1, overlapping.errLines().size(), overlapping.err());
    String sessionEarly = session(early);
    String sessionLate = session(late);
    assertTrue(overlapping.err().contains("session " + sessionLate + " overlaps session " + sessionEarly)
        && overlapping.err().contains("--allow-overlap"), overlapping.err());
    assertEquals(before, identities(root), "the root is as it was");
    assertEquals(List.of("root"), siblings(tmp), "nothing left beside ROOT but its lock");

    Cli.Result allowed = append(late, root, "--allow-overlap");
    assertEquals(0, allowed.exit(), allowed.err());
    assertEquals(List.of("sessions", "2"), Cli.analyze("sql", root.toString(), "SELECT count(*) AS sessions FROM sessions",
        "--format", "csv").outLines());
    Cli.Result plain = Cli.analyze("export", early.toString(), "-o", tmp.resolve("plain").toString(), "--allow-overlap");
    assertEquals(2, plain.exit(), plain.err());
    assertTrue(plain.err().contains("--allow-overlap goes with --append"), plain.err());
  }

  private static String session(Path journal) {
    return Cli.analyze("sql", journal.toString(), "SELECT session FROM sessions", "--format", "csv").outLines().get(1);
  }

  private static String iso(long epochNs) {
    return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L)).toString();
  }

  private static Cli.Result append(Path journal, Path root, String... more) {
    String[] args = new String[3 + more.length];
    args[0] = "export";
    args[1] = journal.toString();
    args[2] = "--append=" + root;
    System.arraycopy(more, 0, args, 3, more.length);
    return Cli.analyze(args);
  }

  private static List<String> perHost(Path root) {
    Cli.Result r = Cli.analyze("sql", root.toString(), "SELECT host, count(*) AS records, "
        + "sum(CASE WHEN kind IN ('send', 'recv') THEN bytes ELSE 0 END) AS bytes FROM events GROUP BY host ORDER BY host",
        "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    return r.outLines();
  }

  private static long records(Path journal) {
    return JournalCounts.of(journal).records;
  }

  private static long bytes(Path journal) {
    JournalCounts c = JournalCounts.of(journal);
    return c.bytesIn + c.bytesOut;
  }

  /** Each file's identity (inode and modification time) by path: a file rewritten or replaced changes it. */
  private static Map<Path, Object> identities(Path root) throws IOException {
    Map<Path, Object> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        m.put(root.relativize(p), a.fileKey() + "@" + a.lastModifiedTime().toMillis() + "/" + a.size());
      }
    }
    return m;
  }

  private static List<String> siblings(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".append.lock") && !n.startsWith("dump-"))
          .sorted().toList();
    }
  }
}
