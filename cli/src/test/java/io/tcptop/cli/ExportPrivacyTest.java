package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.sql.Sources;
import io.tcptop.analyze.testing.TestJournals;
import io.tcptop.bpf.KernelTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exports get the journal's privacy: owner-only from the moment each file exists, unless the
 * user names a group that may read them. Checked by mode and by a real other user.
 */
class ExportPrivacyTest {
  /** A group every Debian system has, and the unprivileged user that is in none of ours. */
  static final String GROUP = "users";

  Path shared;
  String journal;

  @BeforeEach
  void aDirectoryEveryoneCanEnter() throws IOException {
    // Not @TempDir: JUnit makes that 0700, and the other user must reach the export itself.
    shared = Files.createTempDirectory(Path.of("/tmp"), "tcptop-privacy-");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    journal = TestJournals.generated().get("mixed").toString();
  }

  @AfterEach
  void cleanUp() {
    TestJournals.deleteTree(shared);
  }

  /** Every directory and file below {@code root}, and {@code root} itself, with its mode and group. */
  private static List<String> modes(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted().toList()) {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        out.add((a.isDirectory() ? "d " : a.isRegularFile() ? "f " : "? ") + PosixFilePermissions.toString(a.permissions())
            + " " + a.group().getName() + " " + root.relativize(p));
      }
    }
    return out;
  }

  private static void assertEveryEntry(Path root, String directory, String file, String group) throws IOException {
    List<String> all = modes(root);
    assertTrue(all.size() > 10, all.toString());
    for (String m : all) {
      String[] f = m.split(" ", 4);
      assertEquals(f[0].equals("d") ? directory : file, f[1], m);
      if (group != null) {
        assertEquals(group, f[2], m);
      }
    }
  }

  @Test
  void everyFileAndDirectoryOfAnExportIsOwnerOnly() throws IOException {
    Path out = shared.resolve("export");
    Cli.Result r = Cli.analyze("export", journal, TestJournals.generated().get("midnight").toString(),
        "-o", out.toString(), "--partition-by", "host,date");
    assertEquals(0, r.exit(), r.err());
    assertEveryEntry(out, "rwx------", "rw-------", null);
  }

  @Test
  void theTemporaryExportOfAnalyzeSqlIsOwnerOnly() throws IOException {
    try (Sources s = Sources.resolve(journal, Progress.NONE, shared)) {
      Path export = s.exports().get(0).dir();
      assertEveryEntry(export, "rwx------", "rw-------", null);
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(export.getParent())));
    }
  }

  @Test
  void groupMakesTheExportReadableByThatGroupOnly() throws IOException {
    Path out = shared.resolve("team");
    Cli.Result r = Cli.analyze("export", journal, "-o", out.toString(), "--group", GROUP);
    assertEquals(0, r.exit(), r.err());
    assertEveryEntry(out, "rwxr-x---", "rw-r-----", GROUP);
  }

  @Test
  void anUnknownGroupIsAUsageError() {
    Cli.Result r = Cli.analyze("export", journal, "-o", shared.resolve("x").toString(), "--group", "no-such-group-here");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.errLines().get(0).contains("no such group"), r.err());
    assertFalse(Files.exists(shared.resolve("x")));
  }

  /** Runs {@code command} as the user nobody, in no group or in {@code group}; returns its exit code. */
  private static int asNobody(String group, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid", "nobody", "--regid", "nogroup"));
    cmd.addAll(group == null ? List.of("--clear-groups") : List.of("--groups", group));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor();
  }

  private static void requireRoot() throws IOException {
    if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
      KernelTestSupport.unavailable("switching to another user (setpriv) needs root");
    }
  }

  @Test
  void anotherUserCannotReadAnExport() throws Exception {
    requireRoot();
    Path out = shared.resolve("export");
    assertEquals(0, Cli.analyze("export", journal, "-o", out.toString()).exit());
    Path parquet;
    try (Stream<Path> s = Files.walk(out)) {
      parquet = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path readable = Files.writeString(shared.resolve("readable"), "x");
    Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(0, asNobody(null, "cat", readable.toString()), "the other user can read what is open to all");
    assertNotEquals(0, asNobody(null, "ls", out.toString()));
    assertNotEquals(0, asNobody(null, "cat", parquet.toString()));
    assertNotEquals(0, asNobody(null, "cat", out.resolve("_tcptop").toString()));
    assertNotEquals(0, asNobody(GROUP, "cat", parquet.toString()), "not even in a group");
  }

  @Test
  void aMemberOfTheGroupCanReadAGroupExportAndNobodyElseCan() throws Exception {
    requireRoot();
    Path out = shared.resolve("team");
    assertEquals(0, Cli.analyze("export", journal, "-o", out.toString(), "--group", GROUP).exit());
    Path parquet;
    try (Stream<Path> s = Files.walk(out)) {
      parquet = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    assertEquals(0, asNobody(GROUP, "cat", parquet.toString()));
    assertEquals(0, asNobody(GROUP, "ls", out.toString()));
    assertNotEquals(0, asNobody(null, "cat", parquet.toString()));
    assertNotEquals(0, asNobody(null, "ls", out.toString()));
  }
}
