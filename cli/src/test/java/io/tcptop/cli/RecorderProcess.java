package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** 'tcptop record' in a child JVM, so tests can signal it, kill it, or read its journal as another process. */
final class RecorderProcess {
  private RecorderProcess() {}

  /** Starts the recorder on {@code journal} and waits until it writes; its output goes to {@code log}. */
  static Process start(Path journal, Path log, List<String> jvmOptions, String... recordArgs) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(List.of(System.getProperty("tcptop.jvmFlags", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-cp", cp, Tcptop.class.getName(), "record", "-o", journal.toString()));
    cmd.addAll(List.of(recordArgs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!Files.exists(journal.resolve("metadata.cq4t")) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(p.isAlive(), "recorder died: " + Files.readString(log));
    Thread.sleep(300);
    return p;
  }
}
