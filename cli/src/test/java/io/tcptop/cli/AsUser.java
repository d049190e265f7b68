package io.tcptop.cli;

import io.tcptop.bpf.KernelTestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs shell commands as another, unprivileged user (nobody, optionally in extra groups) through
 * setpriv, the way a local user on the host would act; and makes test groups. Needs root: tests
 * skip without it, or fail when kernel tests are required (CI runs as root).
 */
final class AsUser {
  static final int NOBODY = 65534;
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private AsUser() {}

  record Result(int exit, String output) {}

  static void requireRoot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      KernelTestSupport.unavailable("only root can act as another user and change owners");
    }
    if (!Files.isExecutable(SETPRIV)) {
      KernelTestSupport.unavailable(SETPRIV + " (util-linux) is needed to run commands as another user");
    }
  }

  /** Starts {@code bash -c script args...} as nobody, in {@code groups} besides nogroup. */
  static Process start(List<Integer> groups, String script, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY));
    if (groups.isEmpty()) {
      cmd.add("--clear-groups");
    } else {
      cmd.add("--groups=" + String.join(",", groups.stream().map(String::valueOf).toList()));
    }
    cmd.addAll(List.of("bash", "-c", script, "racer"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  static Result run(List<Integer> groups, String script, String... args) throws Exception {
    Process p = start(groups, script, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("as nobody, did not finish: " + script);
    }
    return new Result(p.exitValue(), out);
  }

  /** A group made for one test (and removed after it); returns its id. */
  static int createGroup(String name) throws Exception {
    deleteGroup(name);
    sh("groupadd", name);
    return Integer.parseInt(sh("getent", "group", name).split(":")[2]);
  }

  static void deleteGroup(String name) throws Exception {
    new ProcessBuilder("groupdel", name).redirectErrorStream(true).start().waitFor();
  }

  private static String sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", cmd) + ": " + out);
    }
    return out.strip();
  }
}
