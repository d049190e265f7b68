package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.event.SessionStart;
import io.tcptop.journal.JournalWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who can read a journal, checked as a real other user (nobody, through setpriv): its owner only,
 * or with --group the members of that group; and a directory another user made is never used.
 */
class JournalAccessTest {
  private static final SessionStart HEADER = new SessionStart(0, "h", "k", "t", 0, 1, "");
  private static final String GROUP = "tcptop-test-readers";

  @TempDir Path tmp;

  @Test
  void aDirectoryAnotherUserMadeIsRefusedEvenWithForce() throws Exception {
    AsUser.requireRoot();
    Path planted = Files.createDirectories(tmp.resolve("incident"));
    Files.setAttribute(planted, "unix:uid", AsUser.NOBODY);
    for (List<String> extra : List.of(List.<String>of(), List.of("--force"))) {
      // Refused before anything is loaded into the kernel, so this needs no BPF.
      Cli.Result r = Cli.run(Stream.concat(Stream.of("record", "-o", planted.toString()), extra.stream())
          .toArray(String[]::new));
      assertEquals(1, r.exit(), r.err());
      assertEquals(List.of("tcptop: " + planted + " belongs to nobody, not to you: tcptop writes a journal only"
          + " into a directory it creates or one you own (another user could read or redirect it); give a new"
          + " path for -o"), r.errLines());
    }
    try (Stream<Path> s = Files.list(planted)) {
      assertEquals(0, s.count(), "nothing written into it");
    }
  }

  @Test
  void anOwnerOnlyJournalIsReadableByNobodyElse() throws Exception {
    AsUser.requireRoot();
    Path dir = journal("private", null);
    int gid = AsUser.createGroup(GROUP);
    try {
      // Even a user in every group tcptop could have picked reads nothing.
      AsUser.Result r = AsUser.run(List.of(gid, 0), "ls \"$1\"; cat \"$1\"/metadata.cq4t | head -c 4 | wc -c", dir.toString());
      assertTrue(r.output().contains("Permission denied"), r.output());
      assertTrue(r.output().strip().endsWith("0"), "read nothing: " + r.output());
    } finally {
      AsUser.deleteGroup(GROUP);
    }
  }

  @Test
  void withGroupItsMembersReadTheJournalAndNobodyElse() throws Exception {
    AsUser.requireRoot();
    int gid = AsUser.createGroup(GROUP);
    try {
      Path dir = journal("shared", GROUP);
      assertEquals(02750, mode(dir), "directory rwxr-s---");
      assertEquals(gid, (int) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS));
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.toList()) {
          assertEquals(0640, mode(p), p.toString());
          assertEquals(gid, (int) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS), p.toString());
        }
      }
      String readAll = "for f in \"$1\"/*; do head -c 4 \"$f\" | wc -c; done; touch \"$1\"/planted";
      AsUser.Result member = AsUser.run(List.of(gid), readAll, dir.toString());
      assertEquals(List.of("4", "4"), member.output().lines().filter(l -> l.matches("\\d+")).toList(), member.output());
      assertTrue(member.output().contains("Permission denied"), "a member cannot write: " + member.output());
      AsUser.Result other = AsUser.run(List.of(), readAll, dir.toString());
      assertFalse(other.output().lines().anyMatch(l -> l.equals("4")), other.output());
      assertFalse(Files.exists(dir.resolve("planted")));
    } finally {
      AsUser.deleteGroup(GROUP);
    }
  }

  @Test
  void anUnknownGroupIsRefusedBeforeAnythingIsCreated() {
    Path dir = tmp.resolve("j");
    Cli.Result r = Cli.run("record", "-o", dir.toString(), "--group", "tcptop-no-such-group");
    assertEquals(1, r.exit(), r.err());
    assertEquals(List.of("tcptop: no group named tcptop-no-such-group on this host: create it"
        + " (groupadd tcptop-no-such-group) or name an existing group"), r.errLines());
    assertFalse(Files.exists(dir));
  }

  /** A journal written by root under a directory every user may enter (like /tmp). */
  private Path journal(String name, String group) throws Exception {
    Files.setAttribute(tmp, "unix:mode", 0755);
    Path dir = tmp.resolve(name);
    try (JournalWriter w = JournalWriter.create(dir, HEADER, JournalWriter.Options.defaults().withGroup(group))) {
      assertNotEquals(0, w.records());
    }
    return dir;
  }

  private static int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }
}
