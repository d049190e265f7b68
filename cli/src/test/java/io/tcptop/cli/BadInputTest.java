package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.testing.SyntheticJournal;
import io.tcptop.analyze.testing.TestJournals;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong input ends with one line on stderr, a non-zero exit, and no export that looks complete. */
class BadInputTest {

  @TempDir Path tmp;

  private static void assertOneLineError(Cli.Result r, int exit, String fragment) {
    assertEquals(exit, r.exit(), r.err());
    assertEquals(1, r.errLines().size(), "one line: " + r.err());
    assertTrue(r.err().startsWith("tcptop: "), r.err());
    assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in: " + r.err());
  }

  @Test
  void missingJournalIsOneLineAndCreatesNothing() {
    Path out = tmp.resolve("out");
    assertOneLineError(Cli.analyze("export", tmp.resolve("nope").toString(), "-o", out.toString()), 1, "no such journal");
    assertFalse(Files.exists(out));
  }

  @Test
  void directoryThatIsNotAJournalIsOneLine() throws IOException {
    Path notJournal = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(notJournal.resolve("cat.jpg"), "meow");
    assertOneLineError(Cli.analyze("export", notJournal.toString(), "-o", tmp.resolve("out").toString()), 1,
        "is not a tcptop journal");
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertOneLineError(Cli.analyze("export", file.toString(), "-o", tmp.resolve("out").toString()), 1, "is a file");
  }

  @Test
  void unwritableOutputDirectoryIsOneLine() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertOneLineError(Cli.analyze("export", TestJournals.generated().get("mixed").toString(), "-o",
        file.resolve("export").toString()), 1, "cannot write");
  }

  @Test
  void existingOutputIsKeptUnlessForcedAndOnlyAnExportIsReplaced() throws IOException {
    String journal = TestJournals.generated().get("mixed").toString();
    Path other = Files.createDirectories(tmp.resolve("precious"));
    Files.writeString(other.resolve("thesis.tex"), "do not delete");
    assertOneLineError(Cli.analyze("export", journal, "-o", other.toString()), 1, "exists and is not empty");
    assertOneLineError(Cli.analyze("export", journal, "-o", other.toString(), "--force"), 1, "is not an export");
    assertTrue(Files.exists(other.resolve("thesis.tex")));

    Path out = tmp.resolve("export");
    assertEquals(0, Cli.analyze("export", journal, "-o", out.toString()).exit());
    assertOneLineError(Cli.analyze("export", journal, "-o", out.toString()), 1, "exists and is not empty");
    var forced = Cli.analyze("export", TestJournals.generated().get("busy").toString(), "-o", out.toString(), "--force");
    assertEquals(0, forced.exit(), forced.err());
    var hosts = Cli.analyze("sql", out.toString(), "SELECT host FROM sessions", "--format", "csv");
    assertEquals(List.of("host", "web-02"), hosts.outLines());
    assertEquals(List.of("export"), siblings(tmp).stream().filter(n -> n.contains("export")).toList(), "no leftovers");
  }

  /** A journal damaged midway is exported past the damage (DamagedJournalCommandTest); one whose header is damaged cannot be. */
  @Test
  void aJournalThatCannotBeReadLeavesNoExportBehind() throws IOException {
    Path damaged = SyntheticJournal.write(tmp.resolve("damaged"),
        SyntheticJournal.Spec.small("web-09", 9).withRecords(40_000));
    corruptTheHeader(damaged);
    Path out = tmp.resolve("export");
    var r = Cli.analyze("export", TestJournals.generated().get("mixed").toString(), damaged.toString(), "-o", out.toString());
    assertOneLineError(r, 1, "is damaged");
    assertFalse(Files.exists(out), "the output directory must not appear");
    assertEquals(List.of("damaged"), siblings(tmp), "the temporary directory is gone");
  }

  @Test
  void aJournalDamagedMidwayIsExportedPastTheDamageWithExit3() throws IOException {
    Path damaged = SyntheticJournal.write(tmp.resolve("damaged"),
        SyntheticJournal.Spec.small("web-09", 9).withRecords(40_000));
    corruptTheMiddle(damaged);
    Path out = tmp.resolve("export");
    var r = Cli.analyze("export", TestJournals.generated().get("mixed").toString(), damaged.toString(), "-o", out.toString());
    assertEquals(3, r.exit(), r.err());
    assertTrue(r.errLines().get(0).startsWith("tcptop: damaged: " + damaged + "/") && r.errLines().get(0).contains(".cq4 at byte "),
        r.err());
    assertTrue(Files.exists(out.resolve("_SUCCESS")), "the export is complete");
    var sessions = Cli.analyze("sql", out.toString(), "SELECT host, damaged_batches > 0 FROM sessions ORDER BY host", "--format", "csv");
    assertEquals(List.of("host,(damaged_batches > 0)", "web-01,false", "web-09,true"), sessions.outLines());
  }

  @Test
  void badSqlAndUnknownColumnsAreDuckDbsOneLineMessage() {
    String journal = TestJournals.generated().get("mixed").toString();
    assertOneLineError(Cli.analyze("sql", journal, "SELEKT 1"), 1, "Parser Error: syntax error at or near \"SELEKT\"");
    assertOneLineError(Cli.analyze("sql", journal, "SELECT nope FROM events"), 1,
        "Binder Error: Referenced column \"nope\" not found");
    assertOneLineError(Cli.analyze("sql", journal, "SELECT * FROM nothing_here"), 1, "Catalog Error");
  }

  @Test
  void sourcesThatAreNothingAreOneLine() throws IOException {
    assertOneLineError(Cli.analyze("sql", tmp.resolve("missing").toString(), "SELECT 1"), 1, "no such journal or export");
    assertOneLineError(Cli.analyze("top", tmp.resolve("none-*").toString()), 1, "matches no journal or export");
    Path half = Files.createDirectories(tmp.resolve("half/events"));
    assertOneLineError(Cli.analyze("summary", half.getParent().toString()), 1, "unfinished export");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertOneLineError(Cli.analyze("sql", empty.toString(), "SELECT 1"), 1, "neither a tcptop journal nor an export");
  }

  @Test
  void badOptionsAreUsageErrors() {
    String journal = TestJournals.generated().get("mixed").toString();
    assertEquals(2, Cli.analyze("export", journal, "-o", tmp.resolve("x").toString(), "--partition-by", "rack").exit());
    assertEquals(2, Cli.analyze("top", journal, "-n", "0").exit());
    assertEquals(2, Cli.analyze("top", journal, "--by", "color").exit());
    assertEquals(2, Cli.analyze("timeline", journal, "--bucket", "10ns").exit());
    assertEquals(2, Cli.analyze("export", journal).exit(), "-o is required");
    assertEquals(2, Cli.analyze("export", journal, journal, "-o", tmp.resolve("y").toString()).exit(),
        "the same journal twice");
  }

  private static List<String> siblings(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Flips a byte of the first batch, the session header: "TCPJ" starts it. */
  private static void corruptTheHeader(Path journal) throws IOException {
    Path cq4;
    try (Stream<Path> s = Files.list(journal)) {
      cq4 = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    byte[] data = Files.readAllBytes(cq4);
    byte[] magic = "TCPJ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int at = 0;
    while (!java.util.Arrays.equals(data, at, at + 4, magic, 0, 4)) {
      at += 4;
    }
    try (RandomAccessFile f = new RandomAccessFile(cq4.toFile(), "rw")) {
      f.seek(at + 30);
      f.write(data[at + 30] ^ 0x01);
    }
  }

  /** Overwrites bytes in the middle of the journal's data, as a disk error would. */
  private static void corruptTheMiddle(Path journal) throws IOException {
    Path cq4;
    try (Stream<Path> s = Files.list(journal)) {
      cq4 = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(cq4.toFile(), "rw")) {
      long end = f.length();
      byte[] probe = new byte[4096];
      while (end > 0) {
        f.seek(Math.max(0, end - probe.length));
        f.readFully(probe);
        boolean zero = true;
        for (byte b : probe) {
          zero &= b == 0;
        }
        if (!zero) {
          break;
        }
        end -= probe.length;
      }
      f.seek(end / 2);
      byte[] garbage = new byte[64];
      java.util.Arrays.fill(garbage, (byte) 0x5a);
      f.write(garbage);
    }
  }
}
