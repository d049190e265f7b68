package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.testing.TestJournals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where record and export write: --force replaces only what tcptop wrote as an export, and a
 * symbolic link given as -o is refused before anything is created.
 */
class OutputDirectoryTest {

  @TempDir Path tmp;
  String journal;
  Path export;

  @BeforeEach
  void anEarlierExport() {
    journal = TestJournals.generated().get("mixed").toString();
    export = tmp.resolve("export");
    Cli.Result r = Cli.analyze("export", journal, "-o", export.toString());
    assertEquals(0, r.exit(), r.err());
  }

  private static void assertRefused(Cli.Result r, int exit, String fragment) {
    assertEquals(exit, r.exit(), r.err());
    assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in: " + r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertTrue(r.errLines().size() <= 2, r.err());
  }

  /** A user's directory with a folder named events and their notes, as in issue 8. */
  private Path usersDirectory(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name).resolve("events"));
    Files.writeString(dir.resolve("meeting.txt"), "notes");
    Files.writeString(dir.getParent().resolve("notes.md"), "do not delete");
    return dir.getParent();
  }

  private static void assertUntouched(Path dir) throws IOException {
    assertEquals("do not delete", Files.readString(dir.resolve("notes.md")));
    assertEquals("notes", Files.readString(dir.resolve("events/meeting.txt")));
  }

  @Test
  void forceRefusesADirectoryThatMerelyHoldsAFolderNamedEvents() throws IOException {
    Path dir = usersDirectory("notes");
    assertRefused(Cli.analyze("export", journal, "-o", dir.toString(), "--force"), 1, "is not an export");
    assertUntouched(dir);
  }

  @Test
  void forceRefusesADirectoryThatLooksLikeAnExportWithoutTcptopsMarker() throws IOException {
    Path dir = usersDirectory("lookalike");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    assertRefused(Cli.analyze("export", journal, "-o", dir.toString(), "--force"), 1, "is not an export");
    assertUntouched(dir);
  }

  @Test
  void aMarkerThatIsASymlinkIsNotTrusted() throws IOException {
    Path dir = usersDirectory("planted");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.createSymbolicLink(dir.resolve("_tcptop"), export.resolve("_tcptop"));
    assertRefused(Cli.analyze("export", journal, "-o", dir.toString(), "--force"), 1, "is not an export");
    assertUntouched(dir);
  }

  @Test
  void forceReplacesAnEarlierExport() throws IOException {
    Path marker = export.resolve("_tcptop");
    assertTrue(Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.readString(marker).startsWith("# tcptop export\n"), Files.readString(marker));
    Cli.Result r = Cli.analyze("export", TestJournals.generated().get("busy").toString(), "-o", export.toString(), "--force");
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of("host", "web-02"),
        Cli.analyze("sql", export.toString(), "SELECT host FROM sessions", "--format", "csv").outLines());
    assertEquals(List.of("export"), names(tmp), "no temporary or old directory is left");
  }

  @Test
  void exportRefusesASymlinkAsOutputEvenToAnEarlierExport() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("link"), export);
    assertRefused(Cli.analyze("export", journal, "-o", link.toString(), "--force"), 2, "is a symbolic link");
    assertTrue(Files.isSymbolicLink(link), "the link is left as it was");
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("elsewhere"));
    assertRefused(Cli.analyze("export", journal, "-o", dangling.toString()), 2, "is a symbolic link");
    assertFalse(Files.exists(tmp.resolve("elsewhere")), "nothing is created where the link points");
    assertEquals(List.of("dangling", "export", "link"), names(tmp));
  }

  @Test
  void recordRefusesASymlinkAsOutputBeforeCreatingAnything() throws IOException {
    Path dangling = Files.createSymbolicLink(tmp.resolve("journal"), tmp.resolve("elsewhere"));
    Cli.Result r = Cli.run("record", "-o", dangling.toString(), "--duration", "1s");
    assertRefused(r, 2, "is a symbolic link");
    assertTrue(r.errLines().get(0).startsWith("tcptop record: "), r.err());
    assertFalse(Files.exists(tmp.resolve("elsewhere")), "nothing is created where the link points");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
