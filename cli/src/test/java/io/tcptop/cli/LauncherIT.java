package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher with the packaged jar and the build's AOT cache (so it runs after package):
 * the cache is used, start-up loads no native helper it does not need, and a stale or
 * missing cache changes nothing a user sees.
 */
class LauncherIT {
  static final Path ROOT = Path.of(System.getProperty("tcptop.repoRoot", "..")).toAbsolutePath().normalize();
  static final Path TARGET = ROOT.resolve("cli/target");

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  Run launch(Path root, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = Stream.concat(Stream.of("bash", root.resolve("tcptop").toString()), Stream.of(args)).toList();
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    pb.environment().putAll(env);
    Path out = tmp.resolve("out");
    Path err = tmp.resolve("err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  static Path aotCache(String set) throws IOException {
    try (Stream<Path> s = Files.list(TARGET)) {
      return s.filter(p -> p.getFileName().toString().matches("tcptop-" + set + "-.*\\.aot")).findFirst()
          .orElseThrow(() -> new AssertionError("the build made no AOT cache in " + TARGET));
    }
  }

  static String golden(String name) throws IOException {
    return Files.readString(ROOT.resolve("fixtures/golden/" + name + ".text"));
  }

  static void assertReplayedQuietly(Run r) throws IOException {
    assertEquals(0, r.code(), r.err());
    assertEquals(golden("tcp-v4"), r.out());
    assertEquals(1, r.err().lines().count(), "only replay's summary on stderr: " + r.err());
    assertTrue(r.err().startsWith("replayed "), r.err());
  }

  @Test
  void replayStartsFromTheAotCacheWithoutJnrOrJnaNatives() throws Exception {
    assertNoSourceNewerThanTheJar();
    Path classes = tmp.resolve("classes.txt");
    Path home = Files.createDirectories(tmp.resolve("home"));
    Run r = launch(ROOT, Map.of("HOME", home.toString(),
        "TCPTOP_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), "replay", "fixtures/tcp-v4");
    assertReplayedQuietly(r);
    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("io.tcptop.cli.Tcptop source: shared objects file"),
        "the launcher's JVM must use the build's AOT cache (same JVM options as the training run)");
    assertFalse(loaded.contains(" jnr.ffi."), "jnr-ffi loaded");
    assertFalse(loaded.contains(" com.kenai.jffi."), "jffi loaded");
    assertFalse(loaded.contains(" com.sun.jna."), "JNA loaded: the jar should not hold it");
    assertTrue(loaded.contains("net.openhft.affinity.impl.NullAffinity"), "affinity is Chronicle's no-op one");
    assertFalse(Files.exists(home.resolve(".cache")), "JNA unpacked into the home directory");
  }

  /**
   * The launcher starts the main class from the class path, so the jar's manifest (what
   * {@code java -jar tcptop.jar} applies) and scripts/jvm-options.sh must open the same packages.
   */
  @Test
  void theLauncherOpensWhatTheJarsManifestOpens() throws Exception {
    Process p = new ProcessBuilder("bash", "-c", ". scripts/jvm-options.sh && printf '%s\\n' \"${TCPTOP_JVM_OPTIONS[@]}\"")
        .directory(ROOT.toFile()).redirectErrorStream(true).start();
    List<String> options = new String(p.getInputStream().readAllBytes()).lines().toList();
    assertEquals(0, p.waitFor());
    java.util.jar.Attributes manifest;
    try (var jar = new java.util.jar.JarFile(TARGET.resolve("tcptop.jar").toFile())) {
      manifest = jar.getManifest().getMainAttributes();
    }
    for (String attribute : List.of("Add-Exports", "Add-Opens")) {
      String option = "--" + attribute.toLowerCase(java.util.Locale.ROOT) + "=";
      List<String> fromManifest = Stream.of(manifest.getValue(attribute).split(" ")).map(m -> option + m + "=ALL-UNNAMED").sorted().toList();
      List<String> fromScript = options.stream().filter(o -> o.startsWith(option)).sorted().toList();
      assertFalse(fromManifest.isEmpty(), attribute);
      assertEquals(fromManifest, fromScript, attribute + " in the jar's manifest and in scripts/jvm-options.sh");
    }
    assertTrue(options.contains("--enable-native-access=ALL-UNNAMED"), options.toString());
    assertEquals("ALL-UNNAMED", manifest.getValue("Enable-Native-Access"));
  }

  @Test
  void topStartsFromItsOwnAotCache() throws Exception {
    assertNoSourceNewerThanTheJar();
    aotCache("top");
    Path classes = tmp.resolve("classes.txt");
    Path libraries = tmp.resolve("libraries.txt");
    // Files named as JLine names the library it unpacks, which JLine's own clean-up deletes from
    // the temporary directory when it is left to unpack one: top must leave them be.
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> others = List.of(temp.resolve("jlinenative-4.5.0-launcherit-" + ProcessHandle.current().pid()),
        temp.resolve("jlinenative-unknown-launcherit-" + ProcessHandle.current().pid()));
    for (Path other : others) {
      Files.writeString(other, "not tcptop's");
    }
    try {
      try (Tmux t = Tmux.launcher(tmp, 100, 30, Map.of("TCPTOP_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes
          + " -Xlog:library=info:file=" + libraries), "top", "fixtures/tcp-v4")) {
        t.waitFor("end of the recording (4 ticks)");
        t.type("q");
        t.assertExitedAndRestored(0);
      }
      for (Path other : others) {
        assertTrue(Files.exists(other), "top deleted " + other);
      }
    } finally {
      for (Path other : others) {
        Files.deleteIfExists(other);
      }
    }
    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("io.tcptop.top.TopScreen source: shared objects file"), "top's classes come from the cache");
    assertTrue(loaded.contains("org.jline.utils.Display source: shared objects file"), "JLine's too");
    String log = Files.readString(libraries);
    assertTrue(log.contains("Loaded library " + TARGET.resolve("libjlinenative.so")), "JLine's JNI library from beside the jar: " + log);
    assertFalse(log.matches("(?s).*Loaded library \\S*jlinenative-.*"), "JLine unpacked its library: " + log);
    try (var jar = new java.util.jar.JarFile(TARGET.resolve("tcptop.jar").toFile())) {
      assertTrue(jar.stream().noneMatch(e -> e.getName().endsWith("libjlinenative.so")), "the jar carries no JLine library to unpack");
    }
  }

  @Test
  void replayLoadsNoClassFromTheJarAndSliceStartsFromItsOwnCache() throws Exception {
    assertNoSourceNewerThanTheJar();
    Path classes = tmp.resolve("classes.txt");
    assertReplayedQuietly(launch(ROOT, Map.of("TCPTOP_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
        "replay", "fixtures/tcp-v4"));
    // The training runs a command as main does (the early terminal's class included): a class the
    // cache lacks is parsed and verified from the jar at every start.
    String replayed = Files.readString(classes);
    List<String> fromTheJar = replayed.lines().filter(l -> l.contains("source: file:")).toList();
    assertEquals(List.of(), fromTheJar, "classes a replay loads from the jar rather than from its cache");
    // A JVM loads every class of its cache as it starts: slice's in replay's would cost every replay.
    assertFalse(replayed.contains("io.tcptop.slice.Slicer "), "replay's cache holds slice's classes");
    Files.delete(classes);
    Path sliced = tmp.resolve("sliced");
    Run r = launch(ROOT, Map.of("TCPTOP_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
        "slice", "fixtures/tcp-v4", "-o", sliced.toString());
    assertEquals(0, r.code(), r.err());
    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("io.tcptop.slice.Slicer source: shared objects file"), "slice starts from the slice cache");
  }

  @Test
  void shortCommandsAskForHugePagesOnlyWhereTheKernelOffersThem() throws Exception {
    assertNoSourceNewerThanTheJar();
    String thp = Files.isReadable(THP) ? Files.readString(THP) : "";
    boolean offered = thp.contains("[madvise]") || thp.contains("[always]");
    Run replay = launch(ROOT, Map.of("TCPTOP_JAVA_OPTS", "-XX:+PrintFlagsFinal"), "replay", "fixtures/tcp-v4");
    assertEquals(0, replay.code(), replay.err());
    assertEquals(offered, hugePages(replay.out()), "replay asks for huge pages exactly when the kernel offers them: " + thp);
    assertTrue(replay.out().endsWith(golden("tcp-v4")), "and its output is the replay's, no warning before it");
    // Where the kernel has them off, a JVM that asks prints a warning on stdout: the launcher must
    // not ask. As root the test turns them off for one replay, and puts the kernel's mode back.
    String mode = thp.replaceAll("(?s).*\\[(\\w+)\\].*", "$1");
    if (offered && Files.isWritable(THP)) {
      Files.writeString(THP, "never");
      try {
        assertReplayedQuietly(launch(ROOT, Map.of(), "replay", "fixtures/tcp-v4"));
      } finally {
        Files.writeString(THP, mode);
      }
      assertTrue(Files.readString(THP).contains("[" + mode + "]"), Files.readString(THP));
    }
    // record stays resident beside the kernel's probes: its memory figures are measured without.
    Run record = launch(ROOT, Map.of("TCPTOP_JAVA_OPTS", "-XX:+PrintFlagsFinal"), "record", "--no-such-option");
    assertEquals(2, record.code(), record.err());
    assertFalse(hugePages(record.out()), "record keeps 4 KB pages");
  }

  static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

  /** Whether a -XX:+PrintFlagsFinal listing says the JVM uses transparent huge pages. */
  static boolean hugePages(String flags) {
    return flags.lines().filter(l -> l.contains(" UseTransparentHugePages ")).findFirst()
        .orElseThrow(() -> new AssertionError("no UseTransparentHugePages in the JVM's flags"))
        .matches(".*=\\s*true\\s.*");
  }

  @Test
  void analyzeStartsFromItsAotCacheAndLoadsDuckDbFromBesideTheJar() throws Exception {
    assertNoSourceNewerThanTheJar();
    Path export = tmp.resolve("export");
    assertEquals(0, launch(ROOT, Map.of(), "analyze", "export", "fixtures/tcp-v4", "-o", export.toString()).code());
    Path libraries = tmp.resolve("libraries.txt");
    Path classes = tmp.resolve("classes.txt");
    Run r = launch(ROOT, Map.of("TCPTOP_JAVA_OPTS", "-Xlog:library=info:file=" + libraries
        + " -Xlog:class+load=info:file=" + classes), "analyze", "top", export.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("curl"), r.out());
    assertTrue(Files.readString(classes).contains("org.duckdb.DuckDBConnection source: shared objects file"),
        "an analysis of an export starts from the query AOT cache");
    assertFalse(Files.readString(classes).contains("org.apache.parquet.hadoop.ParquetFileWriter source: shared objects file"),
        "the query cache holds no Parquet writer");
    String log = Files.readString(libraries);
    assertTrue(log.contains("Loaded library " + TARGET.resolve("libduckdb_java.so_linux_amd64")), log);
    assertFalse(log.matches("(?s).*Loaded library \\S*libduckdb_java[0-9]+\\.so.*"), "DuckDB unpacked its library: " + log);
  }

  @Test
  void anAnalysisOfAJournalStartsFromTheExportCacheWhichHoldsDuckDbToo() throws Exception {
    assertNoSourceNewerThanTheJar();
    Path classes = tmp.resolve("classes.txt");
    Run r = launch(ROOT, Map.of("TCPTOP_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
        "analyze", "report", "fixtures/tcp-v4", "-o", tmp.resolve("r.html").toString());
    assertEquals(0, r.code(), r.err());
    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("org.apache.parquet.hadoop.ParquetFileWriter source: shared objects file"),
        "the journal is exported from the export cache's classes");
    assertTrue(loaded.contains("org.duckdb.DuckDBConnection source: shared objects file"),
        "and queried from them too");
  }

  /** A launcher, scripts and jar (enough to replay) copied elsewhere, to break their AOT cache freely. */
  Path copyOfTheLauncher() throws IOException {
    Path root = tmp.resolve("copy");
    Files.createDirectories(root.resolve("scripts"));
    Files.createDirectories(root.resolve("cli/target"));
    Files.copy(ROOT.resolve("tcptop"), root.resolve("tcptop"));
    for (String s : new String[] {"find-jdk.sh", "jvm-options.sh"}) {
      Files.copy(ROOT.resolve("scripts").resolve(s), root.resolve("scripts").resolve(s));
    }
    Files.copy(TARGET.resolve("tcptop.jar"), root.resolve("cli/target/tcptop.jar"));
    return root;
  }

  @Test
  void aMissingStaleOrBrokenAotCacheChangesNothingUsersSee() throws Exception {
    Path root = copyOfTheLauncher();
    Path jar = root.resolve("cli/target/tcptop.jar");
    Path aot = root.resolve("cli/target").resolve(aotCache("replay").getFileName());

    assertReplayedQuietly(launch(root, Map.of(), "replay", "fixtures/tcp-v4"));

    // Made for the jar at another path: the JVM refuses it.
    Files.copy(aotCache("replay"), aot, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(aot, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
    assertReplayedQuietly(launch(root, Map.of(), "replay", "fixtures/tcp-v4"));

    // Not a cache at all.
    Files.write(aot, new byte[4096]);
    Files.setLastModifiedTime(aot, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
    assertReplayedQuietly(launch(root, Map.of(), "replay", "fixtures/tcp-v4"));

    // Older than the jar (the jar was rebuilt since): the launcher leaves it out.
    Files.setLastModifiedTime(aot, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 1000));
    assertReplayedQuietly(launch(root, Map.of(), "replay", "fixtures/tcp-v4"));
  }

  /** The repository's own launcher rebuilds when a source is newer than the jar: never inside a test. */
  static void assertNoSourceNewerThanTheJar() throws IOException {
    FileTime jar = Files.getLastModifiedTime(TARGET.resolve("tcptop.jar"));
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path m : modules.filter(Files::isDirectory).toList()) {
        Path main = m.resolve("src/main");
        if (!Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(main)) {
          files.filter(f -> isNewer(f, jar)).findFirst().ifPresent(f -> fail(f + " is newer than the jar: rebuild first"));
        }
      }
    }
  }

  private static boolean isNewer(Path f, FileTime than) {
    try {
      return Files.getLastModifiedTime(f).compareTo(than) > 0;
    } catch (IOException e) {
      return false;
    }
  }
}
