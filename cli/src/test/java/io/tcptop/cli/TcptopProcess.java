package io.tcptop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The tcptop command in a JVM of its own, for what one process cannot show: its environment. */
final class TcptopProcess {
  private TcptopProcess() {}

  /** Runs 'tcptop ARGS' with {@code env} added to this process's environment; stdout and stderr apart. */
  static Cli.Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"));
    cmd.addAll(List.of(System.getProperty("tcptop.jvmFlags", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
    cmd.addAll(List.of("-cp", cp, Tcptop.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    // Read both pipes while it runs: one left unread could fill up and stop the process.
    var err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    String o = readAll(p.getInputStream());
    String e = err.join();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("tcptop " + String.join(" ", args) + " did not end");
    }
    return new Cli.Result(p.exitValue(), o, e);
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
