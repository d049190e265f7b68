package io.tcptop.packaging;

import static io.tcptop.packaging.Host.ok;
import static io.tcptop.packaging.Host.run;
import static io.tcptop.packaging.Host.tcptop;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package installed with apt on a host, and tcptop run from it with no JDK anywhere: every
 * command works on the package's own runtime (the JDK modules it holds are exactly the ones
 * tcptop uses), replays match their golden files, replay starts from the packaged AOT cache,
 * and the man pages and completion are where man and bash look.
 */
@Order(1)
class InstalledPackageIT {
  @TempDir static Path tmp;

  @BeforeAll
  static void install() throws Exception {
    Host.requirePackageTests();
    Host.ensureInstalled();
  }

  @Test
  void installsWhatTheHostNeedsAndDependsOnLibbpf() throws Exception {
    String depends = ok(List.of("dpkg-query", "-W", "-f=${Depends}", "tcptop"));
    assertTrue(List.of(depends.split(",\\s*")).contains("libbpf1"), depends);
    assertTrue(Files.readString(Path.of("/usr/bin/tcptop")).contains("exec /opt/tcptop/bin/tcptop \"$@\""));
    for (String f : List.of("/lib/systemd/system/tcptop-recorder.service", "/etc/tcptop/recorder.conf",
        "/lib/systemd/system/tcptop-export-hour.service", "/lib/systemd/system/tcptop-export-hour.timer",
        "/usr/libexec/tcptop/tcptop-export-hour",
        "/usr/share/bash-completion/completions/tcptop", "/usr/share/man/man1/tcptop.1.gz", "/usr/share/man/man1/tcptop-record.1.gz")) {
      assertTrue(Files.isRegularFile(Path.of(f)), f);
    }
    assertEquals("/etc/tcptop/recorder.conf", ok(List.of("dpkg-query", "-W", "-f=${Conffiles}", "tcptop")).strip().split(" ")[0]);
    // The recorder's system user and group, and its state directory that the group may read.
    String[] user = ok(List.of("getent", "passwd", "tcptop")).strip().split(":");
    assertTrue(Integer.parseInt(user[2]) < 1000, "a system user: " + String.join(":", user));
    assertEquals("/usr/sbin/nologin", user[6]);
    assertEquals(ok(List.of("getent", "group", "tcptop")).split(":")[2], user[3], "its group is tcptop");
    assertEquals("tcptop:tcptop 750", ok(List.of("stat", "-c", "%U:%G %a", "/var/lib/tcptop")).strip());
  }

  @Test
  void theInstalledSizeIsWithinItsBudget() throws Exception {
    long kib = Long.parseLong(ok(List.of("dpkg-query", "-W", "-f=${Installed-Size}", "tcptop")).strip());
    assertTrue(kib <= 150 * 1024, "installed size " + kib + " KiB, over 150 MiB");
    long onDisk = Long.parseLong(ok(List.of("du", "-sk", "/opt/tcptop")).split("\\s")[0]);
    assertTrue(onDisk <= 150 * 1024, "/opt/tcptop takes " + onDisk + " KiB");
  }

  @Test
  void versionWithoutAnyJdk() throws Exception {
    Host.Run noJava = Host.run(Host.withoutJdk(List.of("sh", "-c", "ls -A /usr/lib/jvm | wc -l; java -version")));
    assertTrue(noJava.out().startsWith("0\n") && noJava.exit() != 0, "no JDK is reachable: " + noJava.both());
    Host.Run v = tcptop("--version");
    assertEquals(0, v.exit(), v.both());
    assertEquals("tcptop " + System.getProperty("tcptop.version", "0.1.0") + "\n", v.out());
    assertEquals("", v.err());
  }

  /**
   * jpackage's launcher asks rpm and dpkg which package owns it on every start (half a second of
   * CPU); /usr/bin/tcptop starts it with no package manager on its PATH: spies on the caller's
   * PATH are never run.
   */
  @Test
  void startingRunsNoPackageManager() throws Exception {
    Path spies = Files.createDirectories(tmp.resolve("spies"));
    Path called = tmp.resolve("called");
    for (String tool : List.of("dpkg", "rpm", "dpkg-query")) {
      Path spy = spies.resolve(tool);
      Files.writeString(spy, "#!/bin/sh\necho " + tool + " >>" + called + "\nexit 1\n");
      spy.toFile().setExecutable(true);
    }
    Host.Run r = Host.run(List.of("env", "PATH=" + spies + ":/usr/bin:/bin", "/usr/bin/tcptop", "--version"));
    assertEquals(0, r.exit(), r.both());
    assertFalse(Files.exists(called), "a package manager was run");
    // The launcher itself, started directly, does ask them: what the script is for.
    Host.run(List.of("env", "PATH=" + spies + ":/usr/bin:/bin", "/opt/tcptop/bin/tcptop", "--version"));
    assertTrue(Files.exists(called), "jpackage's launcher no longer asks the package managers: /usr/bin/tcptop may be a link again");
  }

  @Test
  void replaysEveryFixtureToItsGoldenOutput() throws Exception {
    List<Path> golden;
    try (Stream<Path> s = Files.list(Host.ROOT.resolve("fixtures/golden"))) {
      golden = s.sorted().toList();
    }
    assertTrue(golden.size() >= 20, golden.toString());
    for (Path g : golden) {
      String name = g.getFileName().toString();
      String fixture = name.substring(0, name.lastIndexOf('.'));
      String format = name.substring(name.lastIndexOf('.') + 1);
      Host.Run r = tcptop("replay", Host.ROOT.resolve("fixtures/" + fixture).toString(), "--format", format);
      assertEquals(0, r.exit(), name + ": " + r.err());
      assertEquals(Files.readString(g), r.out(), name);
    }
  }

  @Test
  void replayStartsFromThePackagedAotCache() throws Exception {
    Path classes = tmp.resolve("classes.txt");
    Host.Run r = Host.run(Host.withoutJdk(List.of("env", "JAVA_TOOL_OPTIONS=-Xlog:class+load=info:file=" + classes,
        "/usr/bin/tcptop", "replay", Host.ROOT.resolve("fixtures/tcp-v4").toString())));
    assertEquals(0, r.exit(), r.both());
    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("io.tcptop.cli.Tcptop source: shared objects file"),
        "the launcher's JVM starts from the AOT cache trained with the packaged runtime");
  }

  @Test
  void topLoadsJLinesLibraryFromBesideThePackagedJar() throws Exception {
    Path library = Path.of("/opt/tcptop/lib/app/libjlinenative.so");
    assertTrue(Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS), library + " is missing");
    assertEquals(0, Files.getAttribute(library, "unix:uid", LinkOption.NOFOLLOW_LINKS), "root owns " + library);
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(library, LinkOption.NOFOLLOW_LINKS);
    assertFalse(mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE), mode.toString());
    // top needs a terminal: script(1) gives it a pty; the q typed after it has drawn ends it.
    Path libraries = tmp.resolve("libraries.txt");
    String top = "/usr/bin/tcptop top " + Host.ROOT.resolve("fixtures/tcp-v4");
    Host.run(Host.withoutJdk(List.of("env", "TERM=xterm", "JAVA_TOOL_OPTIONS=-Xlog:library=info:file=" + libraries,
        "sh", "-c", "(sleep 5; printf q) | timeout 30 script -qec '" + top + "' /dev/null")));
    String log = Files.readString(libraries);
    assertTrue(log.contains("Loaded library " + library), log);
    assertFalse(log.contains("/tmp/"), "a library loaded from the temporary directory: " + log);
  }

  @Test
  void theRuntimeHoldsOnlyTheModulesTcptopUses() throws Exception {
    Set<String> modules = new TreeSet<>();
    for (String line : ok(List.of("/opt/tcptop/lib/runtime/bin/java", "--list-modules")).lines().toList()) {
      modules.add(line.split("@")[0]);
    }
    // java.sql brings java.xml and java.transaction.xa; java.naming brings java.security.sasl.
    assertEquals(new TreeSet<>(List.of("java.base", "java.logging", "java.management", "java.naming", "java.security.sasl",
        "java.sql", "java.transaction.xa", "java.xml", "jdk.httpserver", "jdk.jfr", "jdk.management", "jdk.unsupported")), modules);
  }

  /**
   * Every analysis, slice and dump on the packaged runtime prints what the build's jar prints on
   * the full JDK (DuckDB, Parquet, Chronicle and the scrubbing cipher need nothing left out).
   */
  @Test
  void everyCommandAnswersAsOnTheFullJdk() throws Exception {
    String journal = Host.ROOT.resolve("fixtures/recorded-loopback").toString();
    List<List<String>> commands = List.of(
        List.of("analyze", "top", journal, "--by", "bytes"),
        List.of("analyze", "top", journal, "--by", "rtt", "--format", "csv"),
        List.of("analyze", "timeline", journal, "--by", "process"),
        List.of("analyze", "summary", journal),
        List.of("analyze", "sql", journal, "select kind, count(*) as n, sum(bytes) as b from events group by 1 order by 1"),
        List.of("replay", journal, "--format", "jsonl", "--interval", "500ms", "--port", "40000"));
    for (List<String> c : commands) {
      Host.Run installed = tcptop(c.toArray(String[]::new));
      Host.Run reference = jdk(c);
      assertEquals(0, installed.exit(), c + ": " + installed.err());
      assertEquals(reference.out(), installed.out(), c.toString());
    }
    // Writers: an export, a scrubbed slice and a dump, each read back by the full JDK's build.
    Host.Run export = tcptop("analyze", "export", journal, "-o", tmp.resolve("export").toString());
    assertEquals(0, export.exit(), export.err());
    assertEquals(jdk(List.of("analyze", "sql", journal, "select count(*) from events")).out(),
        jdk(List.of("analyze", "sql", tmp.resolve("export").toString(), "select count(*) from events")).out());
    Host.Run slice = tcptop("slice", journal, "-o", tmp.resolve("slice").toString(), "--scrub", "--key", key().toString());
    assertEquals(0, slice.exit(), slice.err());
    Host.Run reference = jdk(List.of("slice", journal, "-o", tmp.resolve("slice-jdk").toString(), "--scrub", "--key", key().toString()));
    assertEquals(0, reference.exit(), reference.err());
    assertEquals(jdk(List.of("replay", tmp.resolve("slice-jdk").toString())).out(), jdk(List.of("replay", tmp.resolve("slice").toString())).out());
    Host.Run dump = tcptop("dump", journal, "-o", tmp.resolve("dump").toString());
    assertEquals(0, dump.exit(), dump.err());
    assertEquals(jdk(List.of("replay", journal)).out(), jdk(List.of("replay", tmp.resolve("dump").toString())).out());
  }

  @Test
  void manAndBashFindThePagesAndTheCompletion() throws Exception {
    assertEquals("/usr/share/man/man1/tcptop-record.1.gz", ok(List.of("man", "-w", "tcptop-record")).strip());
    Host.Run page = run(List.of("man", "-P", "cat", "tcptop-record"), Map.of("MANWIDTH", "100"), 60);
    assertEquals(0, page.exit(), page.err());
    assertTrue(page.out().contains("--metrics=ADDR:PORT") && page.out().contains("--config=FILE"), page.out());
    assertEquals(List.of("record"), complete("tcptop rec"));
    assertEquals(List.of("--max-age", "--max-size", "--metrics"), complete("tcptop record --m"));
    assertEquals(List.of("export"), complete("tcptop analyze exp"));
  }

  /** What bash completes for {@code line}, with the installed script (as bash-completion would load it). */
  static List<String> complete(String line) throws Exception {
    String function = ok(List.of("bash", "-c", "source /usr/share/bash-completion/completions/tcptop; complete -p tcptop"))
        .replaceAll("(?s).*-F (\\S+).*", "$1").strip();
    String script = "source /usr/share/bash-completion/completions/tcptop; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; "
        + "read -ra COMP_WORDS <<< \"$COMP_LINE\"; COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); " + function
        + " tcptop \"${COMP_WORDS[-1]}\" \"${COMP_WORDS[-2]}\"; printf '%s\\n' \"${COMPREPLY[@]}\"";
    List<String> words = new ArrayList<>(ok(List.of("bash", "-c", script)).lines().map(String::strip).filter(w -> !w.isEmpty()).toList());
    words.sort(null);
    return words;
  }

  static Path key() throws Exception {
    Path k = tmp.resolve("scrub.key");
    if (!Files.exists(k)) {
      Files.writeString(k, "0123456789abcdef".repeat(8) + "\n"); // 64 bytes in hex
      Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-------"));
    }
    return k;
  }

  /** The same command with the build's jar on the build's JDK (this JVM's), for reference. */
  static Host.Run jdk(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
    cmd.addAll(jvmOptions());
    cmd.addAll(List.of("-jar", Host.ROOT.resolve("cli/target/tcptop.jar").toString()));
    cmd.addAll(args);
    return run(cmd);
  }

  /** The options every tcptop JVM starts with (scripts/jvm-options.sh), read from the script. */
  static List<String> jvmOptions() throws Exception {
    return List.of(ok(List.of("bash", "-c", ". " + Host.ROOT.resolve("scripts/jvm-options.sh") + "; printf '%s\\n' \"${TCPTOP_JVM_OPTIONS[@]}\""))
        .strip().split("\n"));
  }
}
