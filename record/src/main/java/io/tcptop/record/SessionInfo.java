package io.tcptop.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Facts about this machine and clock that go into the journal header. */
final class SessionInfo {
  private SessionInfo() {}

  static String hostname() {
    return readProc("/proc/sys/kernel/hostname", "unknown-host");
  }

  static String kernelRelease() {
    return readProc("/proc/sys/kernel/osrelease", System.getProperty("os.version"));
  }

  /**
   * Epoch ns minus monotonic ns. The JVM's nanoTime and the kernel's bpf_ktime_get_ns both read
   * CLOCK_MONOTONIC, so this turns event timestamps into wall-clock time.
   */
  static long wallClockOffsetNs() {
    long before = System.nanoTime();
    Instant now = Instant.now();
    long after = System.nanoTime();
    long epochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return epochNs - (before + (after - before) / 2);
  }

  private static String readProc(String path, String fallback) {
    try {
      return Files.readString(Path.of(path)).strip();
    } catch (IOException e) {
      return fallback;
    }
  }
}
