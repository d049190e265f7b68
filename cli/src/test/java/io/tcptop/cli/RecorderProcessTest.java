package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelTestSupport;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorder in its own process, stopped the ways users and machines stop it. */
class RecorderProcessTest {
  @TempDir Path tmp;

  @BeforeEach
  void kernel() {
    KernelTestSupport.requireKernel();
  }

  private Process start(Path journal, String... jvmOptions) throws Exception {
    return RecorderProcess.recording(journal, tmp.resolve("recorder.log"), List.of(jvmOptions), "--interval", "200ms");
  }


  @Test
  void sigkillLeavesAReplayableJournalWithoutEnd() throws Exception {
    Path journal = tmp.resolve("killed");
    Process p = start(journal);
    var pair = LoopbackTraffic.tcp("127.0.0.1", 4_321, 1_234);
    // The recorder flushes after every poll: wait until a tick after the traffic is in the
    // journal (a reader may read while it is written), however slow a loaded machine makes it.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (JsonLines.of(ReplayRun.jsonl(journal).out()).last("tcp", pair.clientPort(), pair.serverPort()).isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    ReplayRun r = ReplayRun.jsonl(journal);
    assertTrue(r.err().contains("no END record"), r.err());
    String client = JsonLines.of(r.out()).last("tcp", pair.clientPort(), pair.serverPort()).orElseThrow(() -> new AssertionError(r.out()));
    assertEquals(4_321, JsonLines.number(client, "bytes_out"));
    assertEquals(1_234, JsonLines.number(client, "bytes_in"));
  }

  @Test
  void sigtermStopsCleanlyWithEnd() throws Exception {
    Path journal = tmp.resolve("terminated");
    Process p = start(journal);
    var pair = LoopbackTraffic.tcp("127.0.0.1", 999, 1);
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(15, TimeUnit.SECONDS));
    String log = Files.readString(tmp.resolve("recorder.log"));
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.contains("recorded"), log);
    ReplayRun r = ReplayRun.jsonl(journal);
    assertTrue(r.err().contains("journal ended cleanly"), r.err());
    assertEquals(999, JsonLines.number(JsonLines.of(r.out()).last("tcp", pair.clientPort(), pair.serverPort()).orElseThrow(), "bytes_out"));
  }



  private static void loadFor(long millis) throws Exception {
    long end = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < end) {
      LoopbackTraffic.udpConnected("127.0.0.1", 8, 2_000);
    }
  }

  @Test
  void nearlyFullDiskStopsTheRecorderWithEndWritten() throws Exception {
    Path mnt = TinyDisk.mount(tmp.resolve("disk"), "40m");
    try {
      Path journal = mnt.resolve("j");
      Process p = start(journal, "-Dtcptop.diskReserveBytes=" + (37L << 20));
      loadFor(6_000);
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the recorder should stop by itself");
      String log = Files.readString(tmp.resolve("recorder.log"));
      assertEquals(1, p.exitValue(), log);
      assertTrue(log.contains("almost full"), log);
      ReplayRun r = ReplayRun.jsonl(journal);
      assertTrue(r.err().contains("journal ended cleanly"), r.err());
    } finally {
      TinyDisk.unmount(mnt);
    }
  }

  @Test
  void fullDiskMidWriteLeavesAReplayableJournal() throws Exception {
    Path mnt = TinyDisk.mount(tmp.resolve("disk"), "3m");
    try {
      Path journal = mnt.resolve("j");
      Process p = start(journal, "-Dtcptop.diskReserveBytes=0");
      // Traffic until the disk is full: seconds on an idle machine, longer on a loaded one.
      long deadline = System.nanoTime() + 90_000_000_000L;
      while (p.isAlive() && System.nanoTime() < deadline) {
        loadFor(1_000);
      }
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the recorder should stop by itself");
      String log = Files.readString(tmp.resolve("recorder.log"));
      assertEquals(1, p.exitValue(), log);
      assertTrue(log.contains("no space left"), log);
      assertEquals(1, log.lines().filter(l -> l.startsWith("tcptop: stopped")).count(), log);
      ReplayRun r = ReplayRun.jsonl(journal);
      assertTrue(r.err().contains("half-written") || r.err().contains("no END"), r.err());
      assertTrue(r.out().lines().count() > 1, "what was written before is there");
    } finally {
      TinyDisk.unmount(mnt);
    }
  }

  @Test
  void anExistingJournalIsRefusedWithoutForce() throws Exception {
    Path journal = tmp.resolve("twice");
    Process p = start(journal);
    p.destroy();
    p.waitFor(15, TimeUnit.SECONDS);
    Cli.Result r = Cli.run("record", "-o", journal.toString(), "--duration", "1s");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("--force"), r.err());
    assertTrue(new File(journal.toFile(), "metadata.cq4t").exists(), "the old journal is untouched");
  }
}
