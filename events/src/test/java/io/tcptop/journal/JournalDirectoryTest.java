package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.error.JournalException;
import io.tcptop.event.SessionStart;
import io.tcptop.event.Tick;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal directory a writer makes: created by tcptop, every file owner-only from the moment
 * it exists, never written through a link, never under a parent another user could swap. (What
 * other users see of it is tested as a real other user in the cli module's JournalAccessTest.)
 */
class JournalDirectoryTest {
  private static final long DAY_MS = 86_400_000L;
  private static final SessionStart HEADER = new SessionStart(0, "h", "k", "t", 0, 1, "");

  @TempDir Path tmp;

  @Test
  void everyFileIsOwnerOnlyFromTheMomentItExists() throws Exception {
    Path dir = tmp.resolve("j");
    AtomicLong clock = new AtomicLong(20_000 * DAY_MS + 1_000);
    try (JournalWriter w = JournalWriter.create(dir, new JournalWriter.Options(false, 256 * 1024, clock::get))) {
      assertEquals("rwx------", mode(dir));
      assertOwnerOnly(dir); // the table, before anything was written
      w.onEvent(HEADER);
      assertOwnerOnly(dir); // the first cycle file
      clock.addAndGet(DAY_MS);
      w.onEvent(new Tick(1));
      w.flush();
      assertEquals(2, files(dir, ".cq4").size(), "a second day, a second cycle file");
      assertOwnerOnly(dir); // created while the writer was open, not only fixed when it closes
    }
    assertOwnerOnly(dir);
  }

  @Test
  void aSymbolicLinkAsTheJournalIsRefusedEvenWithForce() throws Exception {
    Path target = Files.createDirectories(tmp.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
    for (boolean force : List.of(false, true)) {
      var e = assertThrows(JournalException.class,
          () -> JournalWriter.create(link, HEADER, JournalWriter.Options.defaults().withForce(force)));
      assertEquals(link + " is a symbolic link: tcptop writes a journal only into a real directory"
          + " (a link could point anywhere); give a new path for -o", e.getMessage());
    }
    assertEquals(List.of(), files(target, ""), "nothing was written through the link");
  }

  @Test
  void aLinkLeftInAnOldJournalIsRemovedNotFollowed() throws Exception {
    Path dir = tmp.resolve("old");
    JournalWriter.create(dir, HEADER, JournalWriter.Options.defaults()).close();
    Path victim = Files.writeString(tmp.resolve("victim"), "precious");
    Path cycle = files(dir, ".cq4").getFirst();
    Files.delete(cycle);
    Files.createSymbolicLink(cycle, victim);
    Files.delete(dir.resolve("metadata.cq4t"));
    Files.createSymbolicLink(dir.resolve("metadata.cq4t"), victim);
    JournalWriter.create(dir, HEADER, JournalWriter.Options.defaults().withForce(true)).close();
    assertEquals("precious", Files.readString(victim));
    assertFalse(Files.isSymbolicLink(dir.resolve("metadata.cq4t")));
    try (JournalSource r = JournalSource.open(dir)) {
      assertEquals(HEADER.host(), r.header().host());
    }
  }

  @Test
  void aParentOtherUsersCanChangeIsRefused() throws Exception {
    Path open = Files.createDirectories(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path below = open.resolve("sub").resolve("j");
    var e = assertThrows(JournalException.class,
        () -> JournalWriter.create(below, HEADER, JournalWriter.Options.defaults()));
    assertTrue(e.getMessage().startsWith("cannot record into " + below + ": " + open.toRealPath()
        + " can be written by other users and has no sticky bit"), e.getMessage());
    assertFalse(Files.exists(open.resolve("sub")), "refused before creating anything");

    // Directly in such a directory is fine: tcptop creates the journal's directory itself and
    // holds it open, so nobody can swap it for something else while it writes.
    JournalWriter.create(open.resolve("j"), HEADER, JournalWriter.Options.defaults()).close();
    // So is anywhere below a sticky directory like /tmp, where nobody renames another's entry.
    Files.setAttribute(open, "unix:mode", 01777);
    JournalWriter.create(below, HEADER, JournalWriter.Options.defaults()).close();
  }

  @Test
  void aDirectoryHoldingAnythingElseIsNeverUsedEvenWithForce() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(dir.resolve("notes.txt"), "precious");
    var e = assertThrows(JournalException.class,
        () -> JournalWriter.create(dir, HEADER, JournalWriter.Options.defaults().withForce(true)));
    assertTrue(e.getMessage().contains("exists and is not a journal"), e.getMessage());
    assertEquals(List.of(dir.resolve("notes.txt")), files(dir, ""));
  }

  private static void assertOwnerOnly(Path dir) throws Exception {
    for (Path p : files(dir, "")) {
      assertFalse(Files.isSymbolicLink(p), p.toString());
      assertEquals("rw-------", mode(p), p + " as soon as it exists");
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static List<Path> files(Path dir, String suffix) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
