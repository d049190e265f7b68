package io.tcptop.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The unit's command running (as the service would), its output in a log; stopped with SIGTERM as systemd stops it. */
final class Recorder implements AutoCloseable {
  static final Path CONFIG = Path.of("/etc/tcptop/recorder.conf");
  static final Path JOURNAL = Path.of("/var/lib/tcptop/journal");

  final Process process;
  final Path log;

  private Recorder(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts it and waits until it says it records: by then its probes are attached, so traffic
   * from now on is in its ring buffer, whenever it drains it.
   */
  static Recorder start(Path log, String... extraArgs) throws Exception {
    Process p = Unit.installed().command(extraArgs).redirectOutput(log.toFile()).start();
    Recorder r = new Recorder(p, log);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (p.isAlive() && !Files.readString(log).contains("tcptop: recording to") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(p.isAlive(), () -> "the recorder stopped: " + r.output());
    assertTrue(r.output().contains("tcptop: recording to"), () -> "the recorder did not start in 60 s: " + r.output());
    return r;
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** SIGTERM, and its exit code. */
  int stop() throws Exception {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the recorder did not stop on SIGTERM: " + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      stop();
    }
  }
}
