package io.tcptop.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** 'tcptop record' as its own process (as root), the way an operator starts it; its output in a log. */
final class RecorderProcess {
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
    return new RecorderProcess(p, log);
  }

  /** Waits for it to end by itself; returns its exit status. */
  int waitFor(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the recorder did not stop within " + seconds + " s: " + log());
    }
    return process.exitValue();
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
