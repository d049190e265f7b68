package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** slice and dump as a user meets them: what they write, and one line for everything wrong. */
class SliceCommandTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");
  @TempDir Path tmp;

  static String journal(String name) {
    return FIXTURES.resolve(name).toString();
  }

  static void assertOneLine(Cli.Result r, int exit, String expected) {
    assertEquals(exit, r.exit(), r.err());
    assertTrue(r.err().contains(expected), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    assertTrue(r.err().lines().count() <= 2, "one line (and where help is): " + r.err());
  }

  @Test
  void aSliceReplaysToTheOriginalsWindowAndIsOwnerOnly() throws Exception {
    Path out = tmp.resolve("slice");
    Cli.Result r = Cli.run("slice", journal("many-connections"), "-o", out.toString(), "--from", "+3s", "--to", "+6s", "--udp");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().startsWith("sliced "), r.err());
    Cli.Result original = Cli.run("replay", journal("many-connections"), "--from", "+3s", "--to", "+6s", "--udp", "--format", "csv");
    Cli.Result sliced = Cli.run("replay", out.toString(), "--format", "csv");
    assertEquals(original.out(), sliced.out());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.toList()) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
      }
    }
  }

  @Test
  void aScrubbedSliceKeepsItsNumbersAndHidesItsNamesAndAddresses() {
    Path out = tmp.resolve("scrubbed");
    Cli.Result r = Cli.run("slice", journal("tcp-v4"), "-o", out.toString(), "--scrub");
    assertEquals(0, r.exit(), r.err());
    Path key = tmp.resolve("scrubbed.key");
    assertTrue(Files.isRegularFile(key), r.err());
    assertTrue(r.err().contains(key.toString()), "the key's file is named, never the key: " + r.err());
    Cli.Result plain = Cli.run("replay", journal("tcp-v4"), "--format", "jsonl");
    Cli.Result scrubbed = Cli.run("replay", out.toString(), "--format", "jsonl");
    List<String> a = plain.out().lines().toList();
    List<String> b = scrubbed.out().lines().toList();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(masked(a.get(i)), masked(b.get(i)));
      assertFalse(b.get(i).contains("curl") || b.get(i).contains("127.0.0.1") || b.get(i).contains("10.1.2.3"), b.get(i));
    }
    Path again = tmp.resolve("again");
    assertEquals(0, Cli.run("slice", journal("tcp-v4"), "-o", again.toString(), "--scrub", "--key", key.toString()).exit());
    assertEquals(scrubbed.out(), Cli.run("replay", again.toString(), "--format", "jsonl").out(), "the same key scrubs alike");
  }

  @Test
  void badInputIsOneLineAndLeavesTheSourceAlone() throws Exception {
    String src = journal("tcp-v4");
    byte[] before = Files.readAllBytes(FIXTURES.resolve("tcp-v4/20261120F.cq4"));
    Path out = tmp.resolve("out");
    assertEquals(0, Cli.run("slice", src, "-o", out.toString()).exit());
    assertOneLine(Cli.run("slice", src, "-o", out.toString()), 1, "--force");
    assertOneLine(Cli.run("slice", src, "-o", tmp.resolve("b").toString(), "--from", "+3s", "--to", "+1s"), 2, "--from is after --to");
    assertOneLine(Cli.run("slice", src, "-o", tmp.resolve("c").toString(), "--scrub", "--key", tmp.resolve("nokey").toString()), 1, "no such key file");
    Files.writeString(tmp.resolve("junk.key"), "zz");
    assertOneLine(Cli.run("slice", src, "-o", tmp.resolve("d").toString(), "--scrub", "--key", tmp.resolve("junk.key").toString()), 1, "is not a scrub key");
    assertOneLine(Cli.run("slice", src, "-o", tmp.resolve("e").toString(), "--key", tmp.resolve("junk.key").toString()), 2, "--key goes with --scrub");
    assertOneLine(Cli.run("slice", src, "-o", src), 2, "is the journal being read");
    assertOneLine(Cli.run("slice", src, "-o", tmp.resolve("f").toString(), "--from", "2030-01-01T00:00:00Z"), 1, "holds nothing of");
    assertFalse(Files.exists(tmp.resolve("f")), "an empty slice is not left behind");
    assertOneLine(Cli.run("slice", src, "-o", tmp.resolve("g").toString(), "--address", "300.1.1.1/8"), 2, "not an address block");
    Path notJournal = Files.createDirectory(tmp.resolve("notes"));
    Files.writeString(notJournal.resolve("a.txt"), "x");
    assertOneLine(Cli.run("dump", notJournal.toString(), "-o", tmp.resolve("h").toString()), 1, "not a tcptop journal");
    assertOneLine(Cli.run("dump", src, "-o", tmp.resolve("i").toString(), "--last", "10m"), 1, "holds nothing of");
    assertArrayEquals(before, Files.readAllBytes(FIXTURES.resolve("tcp-v4/20261120F.cq4")), "the source is never changed");
  }

  @Test
  void windowFlagsThatMakeNoSenseAreUsageErrors() {
    Path out = tmp.resolve("rec");
    assertOneLine(Cli.run("record", "-o", out.toString(), "--max-size", "1K"), 2, "--max-size");
    assertOneLine(Cli.run("record", "-o", out.toString(), "--max-age", "0"), 2, "--max-age");
    assertOneLine(Cli.run("record", "-o", out.toString(), "--max-age", "10s"), 2, "--max-age");
    assertOneLine(Cli.run("record", "-o", out.toString(), "--max-size", "lots"), 2, "not a size");
    assertFalse(Files.exists(out), "nothing is created for a bad command line");
  }

  static String masked(String jsonLine) {
    return jsonLine.replaceAll("\"(local_addr|remote_addr|comm)\":\"[^\"]*\"", "\"$1\":\"*\"");
  }
}
