package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump of a rolling journal that a recorder (another process) keeps writing and rolling: it
 * replays on its own, and the recorder loses nothing while it runs.
 */
class DumpWhileRecordingTest {
  @TempDir Path tmp;

  @Test
  void aDumpTakenWhileRecordingReplaysAndTheRecorderLosesNothing() throws Exception {
    KernelTestSupport.requireKernel();
    Path journal = tmp.resolve("rolling");
    Path log = tmp.resolve("recorder.log");
    Process recorder = RecorderProcess.recording(journal, log, List.of("-Dtcptop.rollCycle=SECONDLY"),
        "--interval", "250ms", "--max-age", "5s", "--duration", "10m");
    try {
      for (int i = 0; i < 40; i++) {
        LoopbackTraffic.tcp("127.0.0.1", 5_000 + i, 100);
        Thread.sleep(100);
      }
      Path dump = tmp.resolve("dump");
      Cli.Result d = Cli.run("dump", journal.toString(), "-o", dump.toString(), "--last", "3s");
      assertEquals(0, d.exit(), d.err());
      assertTrue(d.err().startsWith("dumped "), d.err());
      Cli.Result replayed = Cli.run("replay", dump.toString(), "--format", "jsonl");
      assertEquals(0, replayed.exit(), replayed.err());
      assertTrue(replayed.out().lines().count() > 3, replayed.out());
      assertTrue(replayed.err().contains("journal ended cleanly"), replayed.err());
    } finally {
      // Stopped once the dump is read (SIGTERM), not by a --duration that a loaded machine's
      // slow traffic loop could outlast, leaving no recent window to dump.
      recorder.destroy();
      boolean ended = recorder.waitFor(90, TimeUnit.SECONDS);
      if (!ended) {
        recorder.destroyForcibly();
      }
      assertTrue(ended, "the recorder ends on SIGTERM: " + Files.readString(log));
    }
    String summary = Files.readString(log);
    Matcher m = Pattern.compile("(\\d+) lost").matcher(summary);
    assertTrue(m.find(), summary);
    assertEquals("0", m.group(1), summary);
    assertEquals(0, recorder.exitValue(), summary);
  }
}
