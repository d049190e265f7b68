package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * 'tcptop record' as its own process (as root), the way an operator starts it; its output in a
 * log. Tests signal it, kill it, fill its disk or read its journal from another process. Every
 * recorder started here is killed when the test JVM exits, so a failed test leaves none running.
 */
final class RecorderProcess {
  private static final List<Process> STARTED = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (STARTED) {
        STARTED.forEach(Process::destroyForcibly);
      }
    }));
  }

  private final Process process;
  private final Path log;

  private RecorderProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the recorder with {@code jvmOptions} (e.g. system properties) and the record arguments. */
  static RecorderProcess start(Path log, List<String> jvmOptions, String... recordArgs) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java));
    for (String flag : System.getProperty("tcptop.jvmFlags", "").split(" ")) {
      if (!flag.isBlank()) {
        cmd.add(flag);
      }
    }
    cmd.addAll(jvmOptions);
    // Where a JVM that dies of a signal would leave its crash report: tests look for it.
    cmd.add("-XX:ErrorFile=" + log.resolveSibling(log.getFileName() + ".hs_err_%p.log"));
    cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-cp", cp, Tcptop.class.getName(), "record"));
    cmd.addAll(List.of(recordArgs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    synchronized (STARTED) {
      STARTED.add(p);
    }
    return new RecorderProcess(p, log);
  }

  /**
   * Starts the recorder on {@code journal} and waits until it records: its header is in a cycle
   * file (the table and the first cycle file exist earlier, allocated ahead).
   */
  static Process recording(Path journal, Path log, List<String> jvmOptions, String... recordArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("-o", journal.toString()));
    args.addAll(List.of(recordArgs));
    RecorderProcess r = start(log, jvmOptions, args.toArray(String[]::new));
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!hasCycleFile(journal) && r.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(r.isAlive(), "recorder died: " + r.log());
    Thread.sleep(300);
    return r.process;
  }

  static boolean hasCycleFile(Path journal) throws java.io.IOException {
    if (!Files.isDirectory(journal)) {
      return false;
    }
    try (var s = Files.list(journal)) {
      return s.anyMatch(f -> f.getFileName().toString().endsWith(".cq4") && f.toFile().length() > 0);
    }
  }

  /** Waits for it to end by itself; returns its exit status. */
  int waitFor(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the recorder did not stop within " + seconds + " s: " + log());
    }
    return process.exitValue();
  }

  Process process() {
    return process;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** Whether the JVM wrote a crash report (it died of a signal such as SIGBUS). */
  boolean crashed() throws Exception {
    try (var s = Files.list(log.getParent())) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith(log.getFileName() + ".hs_err_"));
    }
  }
}
