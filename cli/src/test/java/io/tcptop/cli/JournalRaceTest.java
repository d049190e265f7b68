package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.bpf.KernelTestSupport;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local user (nobody) races the recorder (root) for its journal directory under a directory
 * everyone may write, as under /tmp: plants the directory first, plants and re-plants links to a
 * file of root's in it, tries to read the files as they are written, swaps the directory for a
 * link. The recorder refuses, or the racer gets nothing; root never writes outside the journal.
 */
class JournalRaceTest {
  @TempDir Path tmp;
  private Path shared;
  private Path victims;
  private Process racer;

  @BeforeEach
  void setUp() throws Exception {
    KernelTestSupport.requireKernel();
    AsUser.requireRoot();
    Files.setAttribute(tmp, "unix:mode", 0755);
    shared = Files.createDirectories(tmp.resolve("shared"));
    Files.setAttribute(shared, "unix:mode", 01777); // like /tmp
    victims = Files.createDirectories(tmp.resolve("victims")); // root's, readable by all
    Files.writeString(victims.resolve("precious"), "precious\n");
  }

  @AfterEach
  void stopRacer() throws Exception {
    if (racer != null) {
      Files.writeString(shared.resolve("stop"), "");
      if (!racer.waitFor(10, TimeUnit.SECONDS)) {
        racer.destroyForcibly().waitFor();
      }
      racer = null;
    }
  }

  @Test
  void aDirectoryPlantedFirstIsRefusedAndItsLinksAreNeverFollowed() throws Exception {
    Path journal = shared.resolve("incident");
    racer = AsUser.start(List.of(), """
        mkdir -m 0777 "$1" || exit 1
        while [ ! -e "$3/stop" ]; do
          for name in metadata.cq4t "$4.cq4" "$4.precreated"; do
            rm -f "$1/$name"; ln -s "$2/precious" "$1/$name"
          done
        done""", journal.toString(), victims.toString(), shared.toString(), today());
    waitFor(journal);
    RecorderProcess recorder = RecorderProcess.start(tmp.resolve("recorder.log"), List.of(),
        "-o", journal.toString(), "--force", "--duration", "2s");
    int exit = recorder.waitFor(60);
    String log = recorder.log();
    assertEquals(1, exit, log);
    assertEquals(List.of("tcptop: " + journal + " belongs to nobody, not to you: tcptop writes a journal only into a"
        + " directory it creates or one you own (another user could read or redirect it); give a new path for -o"),
        log.lines().toList());
    stopRacer();
    assertVictimsUntouched();
    try (Stream<Path> s = Files.list(journal)) {
      for (Path p : s.toList()) {
        assertEquals(AsUser.NOBODY, (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS), p + " is root's");
      }
    }
  }

  @Test
  void aRacerGetsNothingFromAJournalBeingWrittenAndPlantsNothingInIt() throws Exception {
    Path journal = shared.resolve("incident");
    Path loot = Files.createFile(shared.resolve("loot"));
    Files.setAttribute(loot, "unix:uid", AsUser.NOBODY);
    racer = AsUser.start(List.of(), """
        while [ ! -e "$3/stop" ]; do
          ln -sfn "$2/precious" "$1/metadata.cq4t" 2>/dev/null
          ln -sfn "$2/precious" "$1/$4.precreated" 2>/dev/null
          ls "$1" >> "$3/loot" 2>/dev/null
          cat "$1"/* >> "$3/loot" 2>/dev/null
        done""", journal.toString(), victims.toString(), shared.toString(), today());
    RecorderProcess recorder = RecorderProcess.start(tmp.resolve("recorder.log"), List.of(),
        "-o", journal.toString(), "--duration", "3s", "--interval", "200ms");
    waitFor(journal);
    var pair = LoopbackTraffic.tcp("127.0.0.1", 4_321, 1_234);
    int exit = recorder.waitFor(60);
    assertEquals(0, exit, recorder.log());
    assertEquals(0, Files.size(loot), "the racer read: " + Files.readString(loot));
    assertEquals(0700, mode(journal));
    try (Stream<Path> s = Files.list(journal)) {
      for (Path p : s.toList()) {
        assertTrue(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS), p.toString());
        assertEquals(0600, mode(p), p.toString());
        assertEquals(0, (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS), p.toString());
      }
    }
    assertVictimsUntouched();
    ReplayRun r = ReplayRun.jsonl(journal);
    String client = JsonLines.of(r.out()).last("tcp", pair.clientPort(), pair.serverPort()).orElseThrow(() -> new AssertionError(r.out()));
    assertEquals(4_321, JsonLines.number(client, "bytes_out"));
  }

  @Test
  void swappingTheJournalForALinkWhileRecordingRedirectsNothing() throws Exception {
    // The racer owns the directory the journal is created in, so it may rename entries there.
    Path own = Files.createDirectories(tmp.resolve("nobodys"));
    Files.setAttribute(own, "unix:uid", AsUser.NOBODY);
    Path journal = own.resolve("incident");
    // It swaps a moment after the directory appears: once tcptop holds it open (swapped sooner,
    // between tcptop's mkdir and open, the recorder refuses, which is fine too).
    racer = AsUser.start(List.of(), """
        while [ ! -d "$1" ]; do [ -e "$3/stop" ] && exit 1; done
        sleep 0.3
        mv "$1" "$1.moved" && ln -s "$2" "$1" && touch "$3/swapped"
        """, journal.toString(), victims.toString(), shared.toString());
    RecorderProcess recorder = RecorderProcess.start(tmp.resolve("recorder.log"), List.of(),
        "-o", journal.toString(), "--duration", "4s", "--interval", "200ms");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Files.exists(shared.resolve("swapped")) && System.nanoTime() < deadline && recorder.isAlive()) {
      Thread.sleep(10);
    }
    assertTrue(Files.exists(shared.resolve("swapped")), "the racer swapped the journal for a link: " + recorder.log());
    var pair = LoopbackTraffic.tcp("127.0.0.1", 5_432, 2_345);
    int exit = recorder.waitFor(60);
    assertVictimsUntouched();
    if (exit == 1) {
      assertEquals(1, recorder.log().lines().count(), recorder.log());
      assertTrue(recorder.log().startsWith("tcptop: cannot record: cannot create journal directory " + journal), recorder.log());
      return;
    }
    assertEquals(0, exit, recorder.log());
    // Everything, including what happened after the swap, is in the directory tcptop created.
    ReplayRun r = ReplayRun.jsonl(own.resolve("incident.moved"));
    String client = JsonLines.of(r.out()).last("tcp", pair.clientPort(), pair.serverPort()).orElseThrow(() -> new AssertionError(r.out()));
    assertEquals(5_432, JsonLines.number(client, "bytes_out"));
  }

  private void assertVictimsUntouched() throws Exception {
    try (Stream<Path> s = Files.list(victims)) {
      assertEquals(List.of(victims.resolve("precious")), s.toList(), "root wrote into another directory");
    }
    assertEquals("precious\n", Files.readString(victims.resolve("precious")));
  }

  private static void waitFor(Path dir) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS), dir + " never appeared");
  }

  private static int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  /** The name of today's cycle file (UTC days), which a racer would plant. */
  private static String today() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'F'").withZone(ZoneOffset.UTC).format(Instant.now());
  }
}
