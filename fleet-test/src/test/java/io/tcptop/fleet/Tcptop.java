package io.tcptop.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * tcptop as a user runs it: the runnable jar on JDK 25, in a process of its own (this JVM is a
 * JDK 17 one, for Spark, and cannot load tcptop's classes).
 */
final class Tcptop {
  private Tcptop() {}

  /** What a command printed and how it ended. */
  record Result(int exit, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    Result ok(String what) {
      if (exit != 0) {
        throw new AssertionError(what + " exited " + exit + ": " + err);
      }
      return this;
    }
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("tcptop.jar", "../cli/target/tcptop.jar")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the reactor (./build verify -Pfleet) so that cli is packaged first");
    }
    return jar;
  }

  /** The command line that runs tcptop, for a script to call. */
  static List<String> command() {
    List<String> cmd = java();
    cmd.addAll(List.of("-jar", jar().toString()));
    return cmd;
  }

  /** A journal of the repository's fixtures/ (fixtures/README.md says what each holds). */
  static Path fixture(String name) {
    return Path.of(System.getProperty("tcptop.repoRoot", "..")).toAbsolutePath().normalize().resolve("fixtures").resolve(name);
  }

  /** Runs {@code tcptop ARGS}. */
  static Result run(String... args) {
    List<String> cmd = java();
    cmd.addAll(List.of("-jar", jar().toString()));
    cmd.addAll(List.of(args));
    return exec(cmd);
  }

  /** {@code tcptop analyze ARGS}. */
  static Result analyze(String... args) {
    List<String> all = new ArrayList<>(List.of("analyze"));
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }

  /**
   * Writes a deterministic journal through tcptop's own journal writer (the generator of tcptop's
   * analyze tests): {@code records} records of {@code host} from {@code startIso} on.
   */
  static Path journal(Path dir, String host, String startIso, long records, int flows, long meanGapNs, long seed) {
    String testJar = System.getProperty("tcptop.testJar");
    if (testJar == null || testJar.isBlank()) {
      throw new IllegalStateException("tcptop.testJar is not set: run the tests through Maven");
    }
    List<String> cmd = java();
    cmd.addAll(List.of("-cp", jar() + ":" + testJar, "io.tcptop.analyze.testing.WriteSyntheticJournal",
        dir.toString(), host, startIso, Long.toString(records), Integer.toString(flows), Long.toString(meanGapNs),
        Long.toString(seed)));
    exec(cmd).ok("writing the journal " + dir);
    return dir;
  }

  private static List<String> java() {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("tcptop.java", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
    for (String flag : System.getProperty("tcptop.jvmFlags", "").split(" ")) {
      if (!flag.isBlank()) {
        cmd.add(flag);
      }
    }
    // Short runs on a shared machine: C1 alone costs less CPU than the C2 compiler threads it saves.
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    return cmd;
  }

  private static Result exec(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).start();
      p.getOutputStream().close();
      // Both pipes are read while it runs: one left unread could fill up and stop the process.
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      String out = readAll(p.getInputStream());
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not end");
      }
      return new Result(p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
