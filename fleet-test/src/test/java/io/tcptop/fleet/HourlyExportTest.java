package io.tcptop.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hourly timer of docs/FLEET.md: its script, as the package ships it (packaging/src/deb/), dumps two hours of a
 * journal that spans three and appends them; the export holds each send, receive and tick line of
 * those hours once, running an hour again replaces it, and systemd accepts the unit files.
 */
class HourlyExportTest {

  private final Path work = Path.of("target", "fleet-hourly").toAbsolutePath();
  private final Path script = FleetDoc.repoRoot().resolve("packaging/src/deb/tcptop-export-hour");

  @Test
  void twoHoursAppendedHoldEachEventOfThoseHoursOnceAndAnHourAgainReplacesIt() throws Exception {
    Bucket.delete(work);
    // About two records a second (a tick and an event) from 12:30 on: past 15:00.
    Path journal = Tcptop.journal(work.resolve("journal"), "edge-01", "2026-11-26T12:30:00Z", 20_000, 12, 1_000_000_000L, 7);
    Path root = work.resolve("export");

    Run h13 = script("2026-11-26T13", journal, root);
    assertEquals(0, h13.exit, h13.err);
    assertTrue(h13.err.contains("exported 1 journal"), h13.err);
    Run h14 = script("2026-11-26T14", journal, root);
    assertEquals(0, h14.exit, h14.err);
    assertTrue(h14.err.contains("appended 1 journal"), h14.err);
    Run again = script("2026-11-26T13", journal, root);
    assertEquals(0, again.exit, again.err);
    assertTrue(again.err.contains("replaced 1 session"), "the same hour is the same session: " + again.err);

    // The recorder ticks at whole seconds here: an hour's dump runs from the tick before HH:00:00
    // to the last tick before the next hour; its tick lines are those ending in [HH:00:00, HH+1:00:00).
    Table tickBytes = sql(journal, "SELECT sum(tick_in + tick_out) AS bytes, count(*) AS lines FROM bandwidth "
        + "WHERE ts >= TIMESTAMP '2026-11-26 13:00:00' AND ts < TIMESTAMP '2026-11-26 15:00:00'");
    assertEquals(tickBytes.toString(), sql(root, "SELECT sum(tick_in + tick_out) AS bytes, count(*) AS lines FROM bandwidth").toString());
    Table traffic = sql(journal, "SELECT count(*) AS n, sum(bytes) AS bytes FROM events WHERE kind IN ('send', 'recv') "
        + "AND ts >= TIMESTAMP '2026-11-26 12:59:59' AND ts < TIMESTAMP '2026-11-26 14:59:59'");
    assertEquals(traffic.toString(), sql(root, "SELECT count(*) AS n, sum(bytes) AS bytes FROM events WHERE kind IN ('send', 'recv')").toString());
    assertTrue(Long.parseLong(traffic.rows().get(0).get(0)) > 5_000, traffic.toString());
    assertEquals("sessions\n2\n", sql(root, "SELECT count(*) AS sessions FROM sessions").toString());
    assertTrue(Files.readString(root.resolve("_tcptop")).contains("partition_by=host,date"));
    assertTrue(Files.readString(root.resolve("_tcptop")).contains("timestamps=us"));
    try (var s = Files.list(work.resolve("tmp"))) {
      assertEquals(0, s.count(), "the hour's dump is removed");
    }
  }

  @Test
  void aWrongHourIsOneLine() throws Exception {
    Files.createDirectories(work);
    Run r = script("13", work.resolve("no-journal"), work.resolve("no-export"));
    assertEquals(2, r.exit);
    assertEquals(1, r.err.strip().lines().count(), r.err);
    assertTrue(r.err.contains("is not an hour like 2026-11-26T13"), r.err);
  }

  @Test
  void systemdAcceptsTheUnitFiles() throws Exception {
    Path units = work.resolve("units");
    Bucket.delete(units);
    Files.createDirectories(units);
    for (String name : List.of("tcptop-export-hour.service", "tcptop-export-hour.timer")) {
      String text = Files.readString(FleetDoc.repoRoot().resolve("packaging/src/deb/" + name));
      // Verified where the script is, instead of where it is installed.
      Files.writeString(units.resolve(name), text.replace("/usr/libexec/tcptop/tcptop-export-hour", script.toString()));
    }
    Run r = run(List.of("systemd-analyze", "verify", "--man=no", units.resolve("tcptop-export-hour.timer").toString(),
        units.resolve("tcptop-export-hour.service").toString()), List.of());
    assertEquals(0, r.exit, r.err);
    assertEquals("", r.err.strip(), "no warnings");
  }

  private Run script(String hour, Path journal, Path root) throws Exception {
    Path bin = work.resolve("bin");
    Files.createDirectories(bin);
    Path tcptop = bin.resolve("tcptop");
    if (!Files.exists(tcptop)) {
      Files.writeString(tcptop, "#!/bin/sh\nexec " + String.join(" ", Tcptop.command()) + " \"$@\"\n");
      Files.setPosixFilePermissions(tcptop, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.createDirectories(work.resolve("tmp"));
    return run(List.of("sh", script.toString(), hour), List.of("TCPTOP=" + tcptop, "TCPTOP_JOURNAL=" + journal,
        "TCPTOP_EXPORT_ROOT=" + root, "TMPDIR=" + work.resolve("tmp")));
  }

  private static Table sql(Path source, String query) {
    return Table.ofCsv(Tcptop.analyze("sql", source.toString(), query, "--format", "csv").ok(query).out());
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(List<String> cmd, List<String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd));
    for (String e : env) {
      int i = e.indexOf('=');
      pb.environment().put(e.substring(0, i), e.substring(i + 1));
    }
    Process p = pb.start();
    p.getOutputStream().close();
    var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not end");
    }
    return new Run(p.exitValue(), out, err.join());
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
