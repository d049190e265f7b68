package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/find-jdk.sh, as the launcher and ./build use it: no JVM started, a cache that stays right. */
class JdkFinderTest {
  static final Path ROOT = Path.of(System.getProperty("tcptop.repoRoot", "..")).toAbsolutePath().normalize();

  @TempDir Path tmp;

  record Found(int code, String home, String runtime, String err) {}

  /** Sources the script in a fresh bash and calls tcptop_find_jdk with the given cache file. */
  Found find(Map<String, String> env, Path cache) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c",
        ". \"$1\" && tcptop_find_jdk \"$2\" && printf '%s\\n%s\\n' \"$TCPTOP_JAVA_HOME\" \"$TCPTOP_JAVA_RUNTIME\"",
        "find", ROOT.resolve("scripts/find-jdk.sh").toString(), cache.toString());
    pb.environment().remove("JAVA_HOME");
    pb.environment().putAll(env);
    pb.redirectError(tmp.resolve("err").toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    String[] lines = out.split("\n", -1);
    return new Found(p.exitValue(), lines.length > 1 ? lines[0] : "", lines.length > 1 ? lines[1] : "",
        Files.readString(tmp.resolve("err")));
  }

  /** A JDK look-alike whose java and javac only leave a mark if anything starts them. */
  Path fakeJdk(String name, String version, String runtime) throws Exception {
    Path home = Files.createDirectories(tmp.resolve(name).resolve("bin"));
    for (String tool : new String[] {"java", "javac"}) {
      Path p = home.resolve(tool);
      Files.writeString(p, "#!/bin/sh\ntouch \"" + tmp.resolve("started") + "\"\nexit 1\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.writeString(home.getParent().resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\""
        + runtime + "\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
    return home.getParent();
  }

  @Test
  void findsTheJdkFromItsReleaseFileWithoutStartingIt() throws Exception {
    Path jdk = fakeJdk("jdk26", "26.0.1", "26.0.1+7");
    Found f = find(Map.of("JAVA_HOME", jdk.toString()), tmp.resolve("cache"));
    assertEquals(0, f.code(), f.err());
    assertEquals(jdk.toString(), f.home());
    assertEquals("26.0.1+7", f.runtime());
    assertFalse(Files.exists(tmp.resolve("started")), "finding a JDK must not start a JVM");
  }

  @Test
  void passesOverAJdkOlderThan25() throws Exception {
    Path old = fakeJdk("jdk17", "17.0.10", "17.0.10+7");
    Found f = find(Map.of("JAVA_HOME", old.toString()), tmp.resolve("cache"));
    // The build runs on JDK 25, so the search always has one to find past the old JAVA_HOME.
    assertEquals(0, f.code(), f.err());
    assertNotEquals(old.toString(), f.home());
    assertTrue(Integer.parseInt(f.runtime().replaceAll("[^0-9].*", "")) >= 25, f.runtime());
  }

  @Test
  void reusesTheCacheWhileItsJdkIsThereAndDropsItWhenItIsGone() throws Exception {
    Path jdk = fakeJdk("jdk26", "26.0.1", "26.0.1+7");
    Path other = fakeJdk("jdk27", "27", "27+3");
    Path cache = tmp.resolve("target/jdk");
    Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
    assertEquals(jdk.toString(), find(env, cache).home());
    assertTrue(Files.exists(cache));

    // Point the cache at another JDK: a launch that gives the same answer has read it.
    String key = Files.readAllLines(cache).get(0);
    Files.writeString(cache, key + "\n" + other + "\n");
    assertEquals(other.toString(), find(env, cache).home());

    // The cached JDK disappears: the launcher looks again (and finds JAVA_HOME's).
    Files.walk(other).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    Found again = find(env, cache);
    assertEquals(jdk.toString(), again.home());
    assertTrue(Files.readString(cache).contains(jdk.toString()));
    assertFalse(Files.exists(tmp.resolve("started")));
  }

  @Test
  void aChangedJavaHomeIsNotAnsweredFromTheCache() throws Exception {
    Path a = fakeJdk("jdkA", "25.0.3", "25.0.3+9");
    Path b = fakeJdk("jdkB", "26", "26+1");
    Path cache = tmp.resolve("cache");
    assertEquals(a.toString(), find(Map.of("JAVA_HOME", a.toString()), cache).home());
    assertEquals(b.toString(), find(Map.of("JAVA_HOME", b.toString()), cache).home());
  }
}
