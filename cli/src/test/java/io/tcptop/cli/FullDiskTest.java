package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.bpf.KernelTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills while the journal is being created or written (a small tmpfs, filled for real):
 * the recorder ends with one line, never a crash or a stack trace, and leaves a journal that
 * replays, or none at all. Each case runs several times with different amounts of space left,
 * since where the disk runs out decides which write meets it; {@code -Dtcptop.fullDiskRuns=N}
 * runs each N times.
 */
class FullDiskTest {
  private static final int RUNS = Integer.getInteger("tcptop.fullDiskRuns", 6);
  /** Free space left before the recorder starts: around what creating a journal needs. */
  private static final long[] FREE_AT_START = {0, 1_300 << 10, 200 << 10, 1_500 << 10, 64 << 10, 2 << 20,
      1_100 << 10, 4 << 10, 3 << 20, 600 << 10};

  @TempDir Path tmp;

  @BeforeEach
  void kernel() {
    KernelTestSupport.requireKernel();
  }

  @Test
  void aDiskThatIsFullWhenTheJournalIsCreatedLeavesOneLineAndAJournalThatReplaysOrNone() throws Exception {
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      long free = FREE_AT_START[run % FREE_AT_START.length];
      Path mnt = TinyDisk.mount(tmp.resolve("run" + run), "4m");
      try {
        fill(mnt, free);
        Path journal = mnt.resolve("j");
        RecorderProcess recorder = RecorderProcess.start(tmp.resolve("create-" + run + ".log"),
            List.of("-Dtcptop.diskReserveBytes=0"), "-o", journal.toString(), "--duration", "1s");
        int exit = recorder.waitFor(60);
        String outcome = judge("free " + (free >> 10) + " KiB", recorder, exit, journal, failures);
        outcomes.merge(outcome, 1, Integer::sum);
      } finally {
        TinyDisk.unmount(mnt);
      }
    }
    System.out.println("full disk at creation, " + RUNS + " runs: " + outcomes);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void aDiskThatFillsWhileRecordingLeavesOneLineAndAJournalThatReplays() throws Exception {
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int run = 0; run < Math.max(1, RUNS / 2); run++) {
      Path mnt = TinyDisk.mount(tmp.resolve("write" + run), "3m");
      try {
        Path journal = mnt.resolve("j");
        RecorderProcess recorder = RecorderProcess.start(tmp.resolve("write-" + run + ".log"),
            List.of("-Dtcptop.diskReserveBytes=0"), "-o", journal.toString(), "--interval", "200ms");
        load(recorder, journal);
        int exit = recorder.waitFor(10);
        String outcome = judge("run " + run, recorder, exit, journal, failures);
        outcomes.merge(outcome, 1, Integer::sum);
        if (!outcome.equals("stopped: no space, journal replays")) {
          failures.add("run " + run + ": the disk should have filled while recording: " + outcome);
        }
      } finally {
        TinyDisk.unmount(mnt);
      }
    }
    System.out.println("full disk while writing, " + Math.max(1, RUNS / 2) + " runs: " + outcomes);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /**
   * Where the file system cannot allocate ahead, a write that meets the full disk faults; the
   * faulted document is rolled back, so the journal ends at its last whole batch.
   */
  @Test
  void withoutAllocationAheadAFaultedBatchIsRolledBack() throws Exception {
    Path mnt = TinyDisk.mount(tmp.resolve("fault"), "3m");
    try {
      Path journal = mnt.resolve("j");
      RecorderProcess recorder = RecorderProcess.start(tmp.resolve("fault.log"),
          List.of("-Dtcptop.diskReserveBytes=0", "-Dtcptop.preallocate=false"), "-o", journal.toString(),
          "--interval", "200ms");
      load(recorder, journal);
      int exit = recorder.waitFor(10);
      List<String> failures = new ArrayList<>();
      String outcome = judge("without allocation ahead", recorder, exit, journal, failures);
      assertTrue(failures.isEmpty(), String.join("\n", failures));
      assertEquals("stopped: no space, journal replays", outcome);
    } finally {
      TinyDisk.unmount(mnt);
    }
  }

  /** Sorts one run into an outcome; adds to {@code failures} what a user must never see. */
  private static String judge(String run, RecorderProcess recorder, int exit, Path journal, List<String> failures)
      throws Exception {
    String log = recorder.log();
    String what = run + " (exit " + exit + "): " + log.strip();
    if (recorder.crashed() || exit > 1) {
      failures.add(what + " -> the JVM died (crash report written)");
      return "crashed";
    }
    if (log.contains("\tat ") || log.contains("internal error") || log.contains("Error:") || log.contains("Exception")) {
      failures.add(what + " -> a stack trace or an internal error");
    }
    List<String> lines = log.lines().toList();
    if (lines.isEmpty() || !lines.stream().allMatch(l -> l.startsWith("tcptop: "))) {
      failures.add(what + " -> lines that are not tcptop's one-line messages");
    }
    if (exit == 1 && lines.stream().filter(l -> !l.startsWith("tcptop: recording to") && !l.startsWith("tcptop: recorded")).count() != 1) {
      failures.add(what + " -> not exactly one line saying why it stopped");
    }
    boolean exists = Files.exists(journal, LinkOption.NOFOLLOW_LINKS);
    if (exists && hasCycleFiles(journal)) {
      Cli.Result r = Cli.run("replay", journal.toString(), "--format", "jsonl");
      if (r.exit() != 0) {
        failures.add(what + " -> the journal left behind does not replay: " + r.err());
        return "journal does not replay";
      }
      if (!r.err().contains(exit == 0 ? "journal ended cleanly" : "journal has no END record: the recorder was stopped")) {
        // Nothing half-written, nothing damaged: the journal ends at its last whole batch.
        failures.add(what + " -> the journal does not end at a whole batch: " + r.err());
      }
      return exit == 0 ? "recorded, journal replays" : "stopped: no space, journal replays";
    }
    if (exists) {
      failures.add(what + " -> a journal directory without a journal in it: " + list(journal));
    }
    if (exit == 0) {
      failures.add(what + " -> exit 0 but no journal");
    }
    if (!log.contains("no space left")) {
      failures.add(what + " -> the message does not say the disk is full");
    }
    return "refused: no space, no journal";
  }

  /** Traffic for the recorder to write, from when its journal exists until it stops (at most a minute). */
  private static void load(RecorderProcess recorder, Path journal) throws Exception {
    long end = System.currentTimeMillis() + 60_000;
    while (recorder.isAlive() && !RecorderProcess.hasCycleFile(journal) && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    while (recorder.isAlive() && System.currentTimeMillis() < end) {
      LoopbackTraffic.udpConnected("127.0.0.1", 8, 2_000);
    }
  }

  private static boolean hasCycleFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
    }
  }

  private static String list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList().toString();
    }
  }

  /** Leaves about {@code free} bytes free on the file system at {@code mnt}. */
  private static void fill(Path mnt, long free) throws IOException {
    long usable = Files.getFileStore(mnt).getUsableSpace();
    byte[] chunk = new byte[64 << 10];
    try (OutputStream out = Files.newOutputStream(mnt.resolve("filler"))) {
      for (long left = usable - free; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
  }


}
