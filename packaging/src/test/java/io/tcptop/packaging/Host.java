package io.tcptop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * This machine, on which the package tests install, run and purge the .deb: only where told to
 * ({@code -Dtcptop.packageTests=required}, which .ci/run sets on CI's fresh machine), as root.
 * Elsewhere they skip, saying why: they change the machine (a package, a system user, /etc).
 */
final class Host {
  static final Path ROOT = Path.of(System.getProperty("tcptop.repoRoot", "..")).toAbsolutePath().normalize();
  static final Path DEB = Path.of(System.getProperty("tcptop.deb", "target/tcptop_0.1.0_amd64.deb")).toAbsolutePath();
  static final Path TARGET = DEB.getParent();
  /** What the file system held before the package was installed, for the purge test. */
  static final Path BEFORE = TARGET.resolve("files-before-install.txt");
  /** Where a package could leave something behind; what changes here for other reasons is left out below. */
  static final List<String> WATCHED = List.of("/etc", "/opt", "/usr", "/lib", "/var/lib", "/var/cache", "/var/log", "/srv", "/home");

  /** Whether these tests (this JVM) installed the package; the tests of all classes run in one JVM. */
  private static boolean installedByThisRun;

  private Host() {}

  record Run(int exit, String out, String err) {
    String both() {
      return out + err;
    }
  }

  /** Skips unless package tests are asked for; they need root. */
  static void requirePackageTests() {
    if (!"required".equals(System.getProperty("tcptop.packageTests"))) {
      Assumptions.abort("package tests install, run and purge the .deb on this machine: run them with "
          + "-Dtcptop.packageTests=required where that is fine (CI's fresh machine)");
    }
    assertEquals("root", System.getProperty("user.name"), "package tests run as root");
  }

  static Run run(List<String> cmd) throws IOException, InterruptedException {
    return run(cmd, Map.of(), 300);
  }

  static Run run(List<String> cmd, Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile("host-out", ".txt");
    Path err = Files.createTempFile("host-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        fail("timed out after " + timeoutSeconds + " s: " + cmd + "\n" + Files.readString(err));
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Run sh(String script) throws IOException, InterruptedException {
    return run(List.of("sh", "-c", script));
  }

  /** Runs and asserts exit 0; returns stdout. */
  static String ok(List<String> cmd) throws IOException, InterruptedException {
    Run r = run(cmd);
    assertEquals(0, r.exit(), () -> cmd + "\n" + r.both());
    return r.out();
  }

  /**
   * The installed tcptop as a host without a JDK runs it: in a mount namespace where every JDK
   * under /usr/lib/jvm is hidden (so 'java' on PATH leads nowhere), with a plain PATH and no
   * JAVA_HOME.
   */
  static List<String> withoutJdk(List<String> command) {
    List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--", "sh", "-c",
        "mount -t tmpfs -o ro,mode=755 nojdk /usr/lib/jvm && exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "
            + "HOME=/root LANG=C.UTF-8 \"$@\"", "sh"));
    cmd.addAll(command);
    return cmd;
  }

  /** {@code tcptop ARGS}, installed, without a JDK. */
  static Run tcptop(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/tcptop"));
    cmd.addAll(List.of(args));
    return run(withoutJdk(cmd));
  }

  static boolean installed() throws IOException, InterruptedException {
    return run(List.of("dpkg-query", "-W", "-f=${Status}", "tcptop")).out().equals("install ok installed");
  }

  /**
   * Installs the built package with apt, as a user would; first notes what the file system held.
   * The tests install once and keep that install from class to class (the purge test ends it), so
   * a package or state directory that was there before this run is not theirs to test or remove:
   * they stop at once, saying so, instead of failing later on what someone else left.
   */
  static void ensureInstalled() throws IOException, InterruptedException {
    boolean ours = installedByThisRun;
    if (installed()) {
      assertTrue(ours, "tcptop was installed on this machine before the package tests ran: they need a machine without it "
          + "(apt-get purge tcptop; rm -r /var/lib/tcptop if its journals may go)");
      return;
    }
    assertTrue(ours || !Files.exists(Recorder.JOURNAL.getParent()), "/var/lib/tcptop was there before the package tests ran: "
        + "they count what the service writes there (move it away, or rm -r /var/lib/tcptop if its journals may go)");
    assertTrue(Files.isRegularFile(DEB), "no package at " + DEB + ": build it with ./build package -Pdeb");
    Files.write(BEFORE, files());
    installedByThisRun = true;
    Run r = run(List.of("apt-get", "install", "-y", "-q", DEB.toString()), Map.of("DEBIAN_FRONTEND", "noninteractive"), 600);
    assertEquals(0, r.exit(), r.both());
  }

  /** Every path under {@link #WATCHED}, less what changes for reasons of its own (apt, dpkg, logs, caches). */
  static List<String> files() throws IOException {
    List<String> all = new ArrayList<>();
    for (String dir : WATCHED) {
      Path d = Path.of(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(d)) {
        s.map(Path::toString).filter(Host::watched).forEach(all::add);
      } catch (java.io.UncheckedIOException e) {
        // a file vanished while walking (a log rotated): walk that tree again
        return files();
      }
    }
    all.sort(null);
    return all;
  }

  private static boolean watched(String p) {
    return !(p.startsWith("/var/lib/dpkg") || p.startsWith("/var/lib/apt") || p.startsWith("/var/cache/apt")
        || p.startsWith("/var/cache/man") || p.startsWith("/var/cache/debconf") || p.startsWith("/var/log")
        || p.startsWith("/var/lib/systemd/deb-systemd") || p.startsWith("/var/lib/ucf")
        || p.matches("/etc/(passwd|group|shadow|gshadow|subuid|subgid)-?") || p.equals("/etc/ld.so.cache")
        || p.startsWith("/var/lib/prometheus") || p.startsWith("/usr/lib/jvm"));
  }
}
