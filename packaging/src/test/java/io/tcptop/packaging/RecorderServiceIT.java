package io.tcptop.packaging;

import static io.tcptop.packaging.InstalledPackage.shippedConfig;
import static io.tcptop.packaging.Host.ok;
import static io.tcptop.packaging.Host.run;
import static io.tcptop.packaging.Host.tcptop;
import static org.junit.jupiter.api.Assertions.*;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcptop-recorder.service: the unit verifies, its restarts are spaced and capped and a bad
 * configuration stops it for good, and its command, run as its user with only its capabilities
 * in its sandbox (see {@link Unit}), records known loopback traffic into a journal that the
 * tcptop group may read and dump while it records, continues that journal when restarted, and
 * fails in one line where it may not write.
 */
@ExtendWith(InstalledPackage.class)
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecorderServiceIT {
  static final String COMM = "tcptop-svc";
  static final String READER = "tcptop-reader";
  @TempDir static Path tmp;
  static Path dumps;

  @AfterAll
  static void restore() throws Exception {
    run(List.of("userdel", READER));
    if (dumps != null) {
      run(List.of("rm", "-rf", dumps.toString()));
    }
  }

  @Test
  @Order(1)
  void theUnitVerifies() throws Exception {
    Host.Run r = run(List.of("systemd-analyze", "verify", Unit.FILE.toString()));
    assertEquals(0, r.exit(), r.both());
    assertEquals("", r.both(), "systemd-analyze verify says nothing about the unit (its command and man pages exist)");
  }

  @Test
  @Order(2)
  void itRunsTheRecorderAsItsUserWithThreeCapabilitiesAndRestartsWithoutATightLoop() throws Exception {
    Unit u = Unit.installed();
    assertEquals("/usr/bin/tcptop record --config /etc/tcptop/recorder.conf", u.service("ExecStart"));
    assertEquals("tcptop", u.service("User"));
    assertEquals("tcptop", u.service("Group"));
    assertEquals("CAP_BPF CAP_PERFMON CAP_NET_ADMIN", u.service("AmbientCapabilities"));
    assertEquals("CAP_BPF CAP_PERFMON CAP_NET_ADMIN", u.service("CapabilityBoundingSet"));
    assertEquals("on-failure", u.service("Restart"));
    assertTrue(seconds(u.service("RestartSec")) >= 5, u.service("RestartSec"));
    assertTrue(seconds(u.unit("StartLimitIntervalSec")) / Integer.parseInt(u.unit("StartLimitBurst")) >= seconds(u.service("RestartSec")),
        "the start limit is reached before restarts could come faster than RestartSec");
    assertTrue(List.of(u.service("RestartPreventExitStatus").split("\\s+")).contains("2"),
        "exit code 2, a bad configuration, is not restarted");
  }

  @Test
  @Order(3)
  void itsCommandRecordsKnownTrafficIntoAJournalTheGroupMayReadAndDumpAndRestartedContinuesIt() throws Exception {
    try (Traffic traffic = new Traffic(COMM)) {
      Files.writeString(Recorder.CONFIG, shippedConfig() + "\nport = " + traffic.port() + "\n");
      Socket[] before = traffic.open(); // a connection the recorder finds in /proc when it starts
      int client;
      Path log = tmp.resolve("recorder.log");
      try (Recorder recorder = Recorder.start(log)) {
        traffic.send(before, 3_333);
        client = traffic.exchange(12_345, 678);
        Thread.sleep(1_500); // two ticks: what a dump reads is flushed

        // A member of the tcptop group dumps the window while the service records; others may not.
        run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--gid", "nogroup",
            "--groups", "tcptop", READER));
        // Somewhere the reader may write (the test's own temporary directory is root's only).
        Path out = Files.createTempDirectory(Path.of("/tmp"), "tcptop-dumps");
        ok(List.of("chmod", "1777", out.toString()));
        dumps = out;
        Host.Run dump = run(Host.withoutJdk(List.of("setpriv", "--reuid", READER, "--regid", "nogroup", "--init-groups",
            "/usr/bin/tcptop", "dump", Recorder.JOURNAL.toString(), "-o", out.resolve("incident").toString(), "--last", "5m")));
        assertEquals(0, dump.exit(), dump.both());
        Host.Run stranger = run(Host.withoutJdk(List.of("setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups",
            "/usr/bin/tcptop", "dump", Recorder.JOURNAL.toString(), "-o", out.resolve("stranger").toString(), "--last", "5m")));
        assertNotEquals(0, stranger.exit());
        assertEquals(1, stranger.err().lines().count(), stranger.err());
        assertTrue(stranger.err().startsWith("tcptop: "), stranger.err());
        assertEquals(lastLine(out.resolve("incident"), client), lastLineDuring(client), "the dump holds the connection");

        assertEquals(0, recorder.stop(), recorder.output());
      }
      // Restarted in a later minute, it continues its journal as a new session in a one-minute file
      // of its own, after the first session's small one: a journal of several files reads back at once.
      untilTheNextMinute();
      try (Recorder again = Recorder.start(tmp.resolve("again.log"))) {
        Thread.sleep(1_000);
        assertEquals(0, again.stop(), again.output());
      }
      try (Stream<Path> files = Files.list(Recorder.JOURNAL)) {
        long cycles = files.filter(f -> f.getFileName().toString().endsWith(".cq4")).count();
        assertTrue(cycles >= 2, cycles + " one-minute files");
      }
      long reading = System.nanoTime();
      assertEquals(2, sessions(), "two sessions in the journal");
      assertTrue(System.nanoTime() - reading < 60_000_000_000L, "the journal of several files read in under a minute");
      before[0].close();
      before[1].close();
      String output = Files.readString(log);
      assertEquals(1, output.lines().filter(l -> l.startsWith("tcptop: note: could not read /proc/PID/fd of ")).count(),
          "the limit of its capabilities is said once: " + output);
      assertFalse(output.contains("\tat "), output);

      // The journal: the service's user owns it, its group reads it, nobody else.
      assertEquals("tcptop:tcptop 2750", ok(List.of("stat", "-c", "%U:%G %a", Recorder.JOURNAL.toString())).strip());
      try (Stream<Path> files = Files.list(Recorder.JOURNAL)) {
        for (Path f : files.toList()) {
          assertEquals("tcptop:tcptop 640", ok(List.of("stat", "-c", "%U:%G %a", f.toString())).strip(), f.toString());
        }
      }
      // Exact bytes, replayed: the new connection both ways, and what the earlier one sent during the recording.
      String line = lastLineDuring(client);
      assertTrue(line.contains("\"bytes_in\":678") && line.contains("\"bytes_out\":12345") && line.contains("\"closed\":true"), line);
      assertTrue(line.contains("\"comm\":\"" + COMM + "\""), line);
      String earlier = lastLineDuring(before[0].getLocalPort());
      assertTrue(earlier.contains("\"bytes_out\":3333") && earlier.contains("\"partial\":true"), earlier);
    }
  }

  @Test
  @Order(5)
  void aBadKeyStopsItWithOneLineNamingTheKeyAndExitCodeTwo() throws Exception {
    Files.writeString(Recorder.CONFIG, shippedConfig() + "\ncolour = red\n");
    long line = shippedConfig().lines().count() + 2;
    Host.Run r = runUnit();
    assertEquals(2, r.exit(), r.both());
    assertEquals(List.of("tcptop: /etc/tcptop/recorder.conf:" + line + ": unknown key 'colour': the keys are journal, group, "
        + "max-age, max-size, interval, ring-size, metrics, pid, process, port, protocol (tcp or udp), address, cgroup, "
        + "container, netns"), r.out().lines().toList());
  }

  @Test
  @Order(6)
  void aJournalWhereItMayNotWriteFailsInOneLine() throws Exception {
    for (String journal : List.of("/opt/tcptop-journal", "/mnt/no-such-mount/journal")) {
      Files.writeString(Recorder.CONFIG, shippedConfig().replace("journal = /var/lib/tcptop/journal", "journal = " + journal));
      Host.Run r = runUnit();
      assertEquals(1, r.exit(), r.both());
      assertEquals(1, r.out().lines().count(), r.out());
      assertTrue(r.out().startsWith("tcptop: ") && r.out().contains(journal.substring(0, journal.lastIndexOf('/'))), r.out());
      assertFalse(Files.exists(Path.of(journal)));
    }
  }

  @Test
  @Order(7)
  void aMetricsPortInUseFailsInOneLineBeforeRecording() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Files.writeString(Recorder.CONFIG, shippedConfig() + "\nmetrics = 127.0.0.1:" + taken.getLocalPort() + "\n");
      Host.Run r = runUnit();
      assertEquals(1, r.exit(), r.both());
      assertEquals(List.of("tcptop: --metrics 127.0.0.1:" + taken.getLocalPort()
          + ": the port is in use: choose another port, or stop what listens there"), r.out().lines().toList());
    } finally {
      Files.writeString(Recorder.CONFIG, shippedConfig());
    }
  }

  /** Sleeps into the next minute of the journal's one-minute files (UTC, as Chronicle's cycles). */
  static void untilTheNextMinute() throws InterruptedException {
    long now = System.currentTimeMillis();
    Thread.sleep(60_000 - now % 60_000 + 500);
  }

  /** The unit's command to its end (it fails at once here); its output. */
  static Host.Run runUnit() throws Exception {
    Process p = Unit.installed().command().start();
    String out = new String(p.getInputStream().readAllBytes());
    return new Host.Run(p.waitFor(), out, "");
  }

  /** The last replay line (jsonl) of the connection whose local port is {@code port}, in the service's journal. */
  static String lastLineDuring(int port) throws Exception {
    return lastLine(Recorder.JOURNAL, port);
  }

  static String lastLine(Path journal, int port) throws Exception {
    long start = System.nanoTime();
    Host.Run r = tcptop("replay", journal.toString(), "--format", "jsonl");
    assertEquals(0, r.exit(), r.err());
    assertTrue(System.nanoTime() - start < 60_000_000_000L, "replayed " + journal + " in under a minute");
    String needle = "\"local_port\":" + port + ",";
    return r.out().lines().filter(l -> l.contains(needle)).reduce((a, b) -> b).orElse("none for port " + port);
  }

  static long sessions() throws Exception {
    Host.Run r = tcptop("analyze", "sql", Recorder.JOURNAL.toString(), "select count(*) from events where kind = 'start'", "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    return Long.parseLong(r.out().lines().toList().get(1));
  }

  static long seconds(String systemdTime) {
    String t = systemdTime.strip();
    if (t.endsWith("min")) {
      return Long.parseLong(t.substring(0, t.length() - 3)) * 60;
    }
    return Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t);
  }
}
