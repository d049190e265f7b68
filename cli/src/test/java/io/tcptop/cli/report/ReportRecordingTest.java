package io.tcptop.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.bpf.KernelTestSupport;
import io.tcptop.cli.Cli;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Tick;
import io.tcptop.journal.JournalSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh recording of the real kernel (root): a thread moves known bytes over one loopback TCP
 * connection for a few seconds while 'tcptop record' runs; the report of that journal shows
 * that connection, its process and its bytes, and passes every browser check.
 */
class ReportRecordingTest {
  static final String COMM = "tcptop-report";
  static final int ROUNDS = 12;
  static final int UP = 50_000;
  static final int DOWN = 7_000;

  @TempDir Path tmp;

  @Test
  void theReportOfAFreshRecordingShowsItsTraffic() throws Exception {
    KernelTestSupport.requireKernel();
    Path journal = tmp.resolve("journal");
    CompletableFuture<Cli.Result> recording = CompletableFuture.supplyAsync(() -> Cli.run("record", "-o", journal.toString(),
        "--duration", "12s", "--interval", "500ms"));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.exists(journal) && System.nanoTime() < deadline && !recording.isDone()) {
      Thread.sleep(20);
    }
    assertFalse(recording.isDone(), () -> "recording stopped early: " + recording.join().err());
    // The journal appears before the probes are attached; a TICK in it says they run.
    awaitFirstTick(journal, recording);
    ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, COMM));
    int clientPort = io.submit(ReportRecordingTest::talk).get();
    io.shutdown();
    Cli.Result recorded = recording.get();
    assertEquals(0, recorded.exit(), recorded.err());

    Path html = tmp.resolve("recorded.html");
    var r = Cli.analyze("report", journal.toString(), "-o", html.toString(), "--process", COMM, "--title", "loopback");
    assertEquals(0, r.exit(), r.err());
    try (Browser browser = Browser.start()) {
      ReportPage page = ReportChecks.pageMatchesSql(browser, html, journal.toString(), "--process", COMM);
      List<Map<String, ReportPage.Shown>> table = page.table();
      assertEquals(2, table.size(), () -> "the connection's two ends; the recording's connections:\n"
          + Cli.analyze("sql", journal.toString(), "SELECT proto, local_addr, local_port, remote_addr, remote_port, pid, comm, "
              + "bytes_in, bytes_out, closed, partial FROM connections WHERE proto = 'tcp' ORDER BY bytes_in + bytes_out DESC LIMIT 6").out()
          + Cli.analyze("sql", journal.toString(), "SELECT kind, cause, count(*), sum(lost) FROM events GROUP BY ALL").out());
      long pid = ProcessHandle.current().pid();
      for (var row : table) {
        assertEquals(COMM, row.get("comm").value());
        assertEquals(Long.toString(pid), row.get("pid").value());
        assertEquals("tcp", row.get("proto").value());
        assertEquals((long) ROUNDS * (UP + DOWN), Long.parseLong(row.get("bytes").value()));
      }
      var client = table.stream().filter(row -> row.get("local").value().endsWith(":" + clientPort)).findFirst().orElseThrow();
      assertEquals(Long.toString((long) ROUNDS * UP), client.get("bytes_out").value());
      assertEquals(Long.toString((long) ROUNDS * DOWN), client.get("bytes_in").value());
      assertEquals("[CLOSED]", client.get("closed").text());
      assertEquals(List.of("in:" + COMM + " (" + pid + ")", "out:" + COMM + " (" + pid + ")", "loss"),
          page.charts().get("process").ids());
      assertTrue(page.seriesInk("process") > 500);
    }
  }

  private static void awaitFirstTick(Path journal, CompletableFuture<Cli.Result> recording) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline && !recording.isDone()) {
      boolean[] ticked = new boolean[1];
      try (JournalSource source = JournalSource.open(journal)) {
        source.forEach(new EventHandler() {
          @Override
          public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {}

          @Override
          public void onEvent(Event event) {
            ticked[0] |= event instanceof Tick;
          }
        });
      } catch (RuntimeException notReadableYet) {
        // The header may not be written yet.
      }
      if (ticked[0]) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the recording never ticked: " + (recording.isDone() ? recording.join().err() : "timeout"));
  }

  /** ROUNDS exchanges of UP bytes up and DOWN bytes down, 250 ms apart; returns the client's port. */
  private static int talk() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (ServerSocket server = new ServerSocket(0, 1, lo);
         Socket client = new Socket(lo, server.getLocalPort());
         Socket accepted = server.accept()) {
      OutputStream up = client.getOutputStream();
      OutputStream down = accepted.getOutputStream();
      for (int i = 0; i < ROUNDS; i++) {
        up.write(new byte[UP]);
        up.flush();
        accepted.getInputStream().readNBytes(UP);
        down.write(new byte[DOWN]);
        down.flush();
        readFully(client.getInputStream(), DOWN);
        Thread.sleep(250);
      }
      return client.getLocalPort();
    }
  }

  private static void readFully(InputStream in, int n) throws Exception {
    if (in.readNBytes(n).length != n) {
      throw new IllegalStateException("short read");
    }
  }
}
