package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tcptop.bpf.KernelTestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real terminal for end-to-end tests: tcptop runs in a detached tmux session of a given size,
 * on a tmux server of its own (its own socket), and the test types keys and reads the screen.
 * After tcptop exits the pane prints its exit code and {@code stty -a}, so a test can check the
 * terminal was put back.
 */
final class Tmux implements AutoCloseable {
  private final String socket;
  private final String session = "top";

  private Tmux(String socket) {
    this.socket = socket;
  }

  /** Skips (or, in CI, fails) when tmux is missing. */
  static void require() {
    try {
      if (new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0) {
        return;
      }
    } catch (IOException | InterruptedException e) {
      // fall through
    }
    KernelTestSupport.unavailable("tmux is not installed: apt-get install -y tmux (.ci/run installs it)");
  }

  /**
   * Starts {@code tcptop ARGS} (this build's classes, in a JVM of its own) in a columns x rows
   * terminal; {@code dir} holds the script the pane runs.
   */
  static Tmux start(Path dir, int columns, int rows, String... args) throws Exception {
    require();
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(List.of(System.getProperty("tcptop.jvmFlags", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-cp", cp, Tcptop.class.getName()));
    cmd.addAll(List.of(args));
    return run(dir, columns, rows, Map.of(), cmd);
  }

  /** Starts {@code ./tcptop ARGS} through the launcher (the packaged jar), with {@code env} added. */
  static Tmux launcher(Path dir, int columns, int rows, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", repoRoot().resolve("tcptop").toString()));
    cmd.addAll(List.of(args));
    return run(dir, columns, rows, env, cmd);
  }

  private static Tmux run(Path dir, int columns, int rows, Map<String, String> env, List<String> cmd) throws Exception {
    require();
    StringBuilder script = new StringBuilder("#!/bin/sh\ncd '" + repoRoot() + "'\n");
    env.forEach((k, v) -> script.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
    for (String c : cmd) {
      script.append('\'').append(c.replace("'", "'\\''")).append("' ");
    }
    script.append("\necho \"tcptop exited $?\"\nstty -a\nexec sleep 600\n");
    Path file = dir.resolve("run.sh");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    Tmux t = new Tmux("tcptop-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    t.tmux("new-session", "-d", "-s", t.session, "-x", Integer.toString(columns), "-y", Integer.toString(rows), file.toString());
    return t;
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("tcptop.repoRoot", "..")).toAbsolutePath().normalize();
  }

  /** The screen as text, one line per row. */
  String screen() throws Exception {
    return tmux("capture-pane", "-p", "-t", session);
  }

  /** Keys as tmux names them: "q", "Down", "Enter", "Escape", "C-c", "Home", "Right", "Space". */
  void keys(String... keys) throws Exception {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  /** Text typed literally. */
  void type(String text) throws Exception {
    tmux("send-keys", "-t", session, "-l", text);
  }

  void resize(int columns, int rows) throws Exception {
    tmux("resize-window", "-t", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
  }

  /** The pid of the tcptop JVM: the child of the pane's shell. */
  long tcptopPid() throws Exception {
    long shell = Long.parseLong(tmux("display-message", "-p", "-t", session, "#{pane_pid}").trim());
    return ProcessHandle.of(shell).orElseThrow().children().findFirst().orElseThrow().pid();
  }

  /** Waits until the screen shows {@code text}; returns the screen. */
  String waitFor(String text) throws Exception {
    return waitFor(text, 60);
  }

  String waitFor(String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String s = screen();
    while (!s.contains(text)) {
      if (System.nanoTime() > deadline) {
        fail("the screen never showed '" + text + "'; it shows:\n" + s);
      }
      Thread.sleep(50);
      s = screen();
    }
    return s;
  }

  /** After tcptop exited: its exit code, and that stty shows the terminal cooked again. */
  void assertExitedAndRestored(int code) throws Exception {
    String s = waitFor("tcptop exited");
    assertTrue(s.contains("tcptop exited " + code), s);
    String stty = waitFor("icanon");
    assertTrue(stty.matches("(?s).*(^|\\s)echo(\\s|$).*"), "echo is back on:\n" + stty);
    assertTrue(stty.matches("(?s).*(^|\\s)icanon(\\s|$).*"), "icanon is back on:\n" + stty);
    assertTrue(stty.matches("(?s).*(^|\\s)isig(\\s|$).*"), "isig is back on:\n" + stty);
  }

  private String tmux(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("tmux " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    // Our own server, on our own socket: ending it ends the session and whatever still runs in it.
    new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
  }
}
