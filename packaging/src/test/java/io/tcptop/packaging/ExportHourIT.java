package io.tcptop.packaging;

import static io.tcptop.packaging.InstalledPackage.shippedConfig;
import static io.tcptop.packaging.Host.ok;
import static io.tcptop.packaging.Host.run;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hourly export the package ships (docs/FLEET.md): tcptop-export-hour.timer and its service
 * verify, the timer fires at two minutes past every hour and is not enabled by the package, and
 * the service's command, run as its user in its sandbox (see {@link Unit}) while the recorder
 * records, appends the hour's known traffic to /var/lib/tcptop/export, readable by the tcptop
 * group and nobody else; run for that hour again, it replaces the hour instead of adding it twice.
 */
@ExtendWith(InstalledPackage.class)
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportHourIT {
  static final Path EXPORT = Path.of("/var/lib/tcptop/export");
  static final Path TIMER = Path.of("/lib/systemd/system/tcptop-export-hour.timer");
  static final Path SCRIPT = Path.of("/usr/libexec/tcptop/tcptop-export-hour");
  static final String COMM = "tcptop-hourly";
  static final String ANALYST = "tcptop-analyst";
  @TempDir static Path tmp;

  @AfterAll
  static void restore() throws Exception {
    run(List.of("userdel", ANALYST));
  }

  @Test
  @Order(1)
  void theUnitsVerifyAndTheTimerFiresAtTwoPastEveryHourOnceEnabled() throws Exception {
    Host.Run verify = run(List.of("systemd-analyze", "verify", Unit.EXPORT_HOUR.toString(), TIMER.toString()));
    assertEquals(0, verify.exit(), verify.both());
    assertEquals("", verify.both(), "systemd-analyze verify says nothing about the units (their command and man pages exist)");

    Unit service = Unit.installed(Unit.EXPORT_HOUR);
    assertEquals(SCRIPT.toString(), service.service("ExecStart"));
    assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " is executable");
    assertEquals("tcptop", service.service("User"));
    assertEquals("", service.service("CapabilityBoundingSet"), "it needs no capability");
    assertNull(service.service("AmbientCapabilities"));

    String calendar = Unit.installed(TIMER).sections.get("Timer").get("OnCalendar");
    Host.Run next = run(List.of("systemd-analyze", "calendar", "--iterations=3", calendar));
    assertEquals(0, next.exit(), next.both());
    Matcher m = Pattern.compile("(?:Next elapse|Iter\\. #\\d): \\w{3} (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC").matcher(next.out());
    List<LocalDateTime> times = m.results().map(r -> LocalDateTime.parse(r.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))).toList();
    assertEquals(3, times.size(), next.out());
    for (int i = 0; i < times.size(); i++) {
      assertEquals(2, times.get(i).getMinute(), next.out());
      assertEquals(0, times.get(i).getSecond(), next.out());
      if (i > 0) {
        assertEquals(1, ChronoUnit.HOURS.between(times.get(i - 1), times.get(i)), "one hour apart: " + next.out());
      }
    }
    assertFalse(Files.exists(Path.of("/etc/systemd/system/timers.target.wants/tcptop-export-hour.timer")),
        "the package enables no timer: exporting is the administrator's decision");
  }

  @Test
  @Order(2)
  void whileTheRecorderRecordsItAppendsTheHourReadableByTheGroupAndTheSameHourAgainReplacesIt() throws Exception {
    try (Traffic traffic = new Traffic(COMM)) {
      Files.writeString(Recorder.CONFIG, shippedConfig() + "\nport = " + traffic.port() + "\n");
      untilNotTheHoursLastSeconds();
      try (Recorder recorder = Recorder.start(tmp.resolve("recorder.log"))) {
        int client = traffic.exchange(23_456, 789);
        String hour = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").format(Instant.now().atOffset(ZoneOffset.UTC));
        Thread.sleep(2_500); // the recorder's ticks after the connection's close: a dump sees what is flushed

        Host.Run first = exportHour(hour);
        assertEquals(0, first.exit(), first.both());
        assertTrue(first.both().contains("exported 1 journal") || first.both().contains("appended 1 journal"), first.both());
        String row = "bytes_out,bytes_in,closed,comm\n23456,789,true," + COMM + "\n";
        assertEquals(row, connection(client), "the export holds the connection, whole");

        Host.Run again = exportHour(hour);
        assertEquals(0, again.exit(), again.both());
        assertTrue(again.both().contains("replaced 1 session"), "the same hour is the same session: " + again.both());
        assertEquals(row, connection(client), "the hour again replaced the connection instead of adding it twice");
        assertEquals(0, recorder.stop(), recorder.output());
      }
    }
    // Owned by the service's user, readable by its group, by nobody else; no dump left behind in the sandbox.
    assertEquals("tcptop:tcptop 750", ok(List.of("stat", "-c", "%U:%G %a", EXPORT.toString())).strip());
    try (Stream<Path> all = Files.walk(EXPORT)) {
      for (Path p : all.skip(1).toList()) {
        String expected = Files.isDirectory(p) ? "tcptop:tcptop 750" : "tcptop:tcptop 640";
        assertEquals(expected, ok(List.of("stat", "-c", "%U:%G %a", p.toString())).strip(), p.toString());
      }
    }
    Host.Run stranger = run(Host.withoutJdk(List.of("setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups",
        "/usr/bin/tcptop", "analyze", "sql", EXPORT.toString(), "select count(*) from connections")));
    assertNotEquals(0, stranger.exit());
    assertEquals(1, stranger.err().lines().count(), stranger.err());
    assertTrue(stranger.err().startsWith("tcptop: "), stranger.err());
  }

  @Test
  @Order(3)
  void aWrongHourIsOneLineAndExitCodeTwo() throws Exception {
    Host.Run r = exportHour("yesterday");
    assertEquals(2, r.exit(), r.both());
    assertEquals(List.of("tcptop-export-hour: yesterday is not an hour like 2026-11-26T13 (UTC)"), r.out().lines().toList());
  }

  /** The service's command for {@code hour}, as systemd would run it (the timer passes none: the hour before). */
  static Host.Run exportHour(String hour) throws Exception {
    Process p = Unit.installed(Unit.EXPORT_HOUR).command(hour).start();
    String out = new String(p.getInputStream().readAllBytes());
    return new Host.Run(p.waitFor(), out, "");
  }

  /** The connection from local port {@code port} in the export, as a member of the tcptop group reads it. */
  static String connection(int port) throws Exception {
    if (run(List.of("getent", "passwd", ANALYST)).exit() != 0) {
      ok(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--gid", "nogroup",
          "--groups", "tcptop", ANALYST));
    }
    Host.Run r = run(Host.withoutJdk(List.of("setpriv", "--reuid", ANALYST, "--regid", "nogroup", "--init-groups",
        "/usr/bin/tcptop", "analyze", "sql", EXPORT.toString(),
        "select bytes_out, bytes_in, closed, comm from connections where local_port = " + port, "--format", "csv")));
    assertEquals(0, r.exit(), r.both());
    return r.out();
  }

  /** A connection made now and the hour read a moment later fall in one UTC hour. */
  static void untilNotTheHoursLastSeconds() throws InterruptedException {
    long intoHour = System.currentTimeMillis() % 3_600_000;
    if (intoHour > 3_600_000 - 30_000) {
      Thread.sleep(3_600_000 - intoHour + 1_000);
    }
  }
}
