package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelTestSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * record --metrics: scraped while it records known loopback traffic, the counters say what the
 * journal holds; off by default and on the loopback address unless told; a port in use is one line.
 */
class RecordMetricsTest {
  static final String COMM = "tcptop-mio";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path tmp;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String scrape(int port, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"));
    if (accept != null) {
      b.header("Accept", accept);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  /** Sample lines of the text format, by series name with labels, e.g. {@code tcptop_events_lost_total{cause="decode_error"}}. */
  static Map<String, Double> samples(String text) {
    Map<String, Double> m = new HashMap<>();
    for (String line : text.lines().toList()) {
      if (!line.startsWith("#") && !line.isBlank()) {
        int space = line.lastIndexOf(' ');
        m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return m;
  }

  @Test
  void theCountersSayWhatTheJournalHolds() throws Exception {
    KernelTestSupport.requireKernel();
    Path journal = tmp.resolve("journal");
    int metricsPort = freePort();
    ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, COMM));
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket listener = io.submit(() -> new ServerSocket(0, 1, lo)).get()) {
      // A port alone: the metrics listen on the loopback address only.
      Path log = tmp.resolve("record.log");
      Process recorder = RecorderProcess.recording(journal, log, List.of(),
          "--port", Integer.toString(listener.getLocalPort()), "--metrics", Integer.toString(metricsPort));
      assertTrue(listening(metricsPort).matches("(0100007F|0000000000000000FFFF00000100007F):" + String.format(Locale.ROOT, "%04X", metricsPort)),
          "listens on 127.0.0.1 only: " + listening(metricsPort));
      io.submit(() -> {
        try (Socket client = new Socket(lo, listener.getLocalPort()); Socket server = listener.accept()) {
          client.getOutputStream().write(new byte[12_345]);
          server.getInputStream().readNBytes(12_345);
          server.getOutputStream().write(new byte[678]);
          client.getInputStream().readNBytes(678);
        }
        return null;
      }).get();
      // The counters are published after each drain: wait for the traffic to show, then one more drain.
      String out = "tcptop_traffic_bytes_total{direction=\"out\",process=\"" + COMM + "\"}";
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!Double.valueOf(12_345 + 678).equals(samples(scrape(metricsPort, null)).get(out)) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(300);
      Map<String, Double> s = samples(scrape(metricsPort, null));
      String openMetrics = scrape(metricsPort, "application/openmetrics-text; version=1.0.0; charset=utf-8");
      recorder.destroy(); // SIGTERM, as systemd stops it
      assertEquals(0, recorder.waitFor(), Files.readString(log));
      String recorded = Files.readString(log);
      io.shutdown();

      assertEquals(12_345 + 678, s.get(out), s.toString());
      assertEquals(12_345 + 678, s.get("tcptop_traffic_bytes_total{direction=\"in\",process=\"" + COMM + "\"}"), s.toString());
      assertEquals(0, s.get("tcptop_events_lost_total{cause=\"ring_buffer_full\"}"));
      assertEquals(0, s.get("tcptop_events_lost_total{cause=\"decode_error\"}"));
      long kernelEvents = Long.parseLong(recorded.replaceAll("(?s).*: (\\d+) kernel events.*", "$1").strip());
      assertEquals(kernelEvents, s.get("tcptop_kernel_events_total").longValue(), "nothing happened on the port after the scrape");
      assertEquals(64 << 20, s.get("tcptop_ring_size_bytes"));
      double fill = s.get("tcptop_ring_fill_ratio");
      assertTrue(fill >= 0 && fill < 0.01, "ring fill " + fill);
      assertTrue(s.get("tcptop_journal_records_total") > 10, s.toString());
      assertTrue(s.get("tcptop_journal_written_bytes_total") > 100, s.toString());
      assertTrue(s.get("tcptop_journal_disk_bytes") >= 4096, s.toString());
      double window = s.get("tcptop_journal_window_seconds");
      assertTrue(window > 0.5 && window < 10, "window " + window);
      assertTrue(s.get("process_cpu_seconds_total") > 0, s.toString());
      assertTrue(openMetrics.strip().endsWith("# EOF"), "OpenMetrics when asked for: " + openMetrics);

      // What the journal holds: the same bytes per process and direction.
      Cli.Result sums = Cli.analyze("sql", journal.toString(),
          "select comm, kind, sum(bytes) as bytes from events where kind in ('send', 'recv') group by 1, 2 order by 1, 2", "--format", "csv");
      assertEquals(List.of("comm,kind,bytes", COMM + ",recv,13023", COMM + ",send,13023"), sums.outLines(), sums.err());
    }
  }

  @Test
  void aPortInUseIsOneLineBeforeAnythingIsLoaded() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path journal = tmp.resolve("j");
      Cli.Result r = Cli.run("record", "-o", journal.toString(), "--metrics", "127.0.0.1:" + taken.getLocalPort());
      assertEquals(1, r.exit(), r.err());
      assertEquals(List.of("tcptop: --metrics 127.0.0.1:" + taken.getLocalPort()
          + ": the port is in use: choose another port, or stop what listens there"), r.errLines());
      assertFalse(Files.exists(journal));
    }
  }

  @Test
  void anAddressNotOfThisHostIsOneLine() {
    Cli.Result r = Cli.run("record", "-o", tmp.resolve("j").toString(), "--metrics", "192.0.2.7:9464");
    assertEquals(1, r.exit(), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().startsWith("tcptop: --metrics 192.0.2.7:9464: cannot listen there ("), r.err());
  }

  /** The local address of the listening socket on {@code port}, as /proc/net/tcp writes it. */
  static String listening(int port) throws IOException {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
          return f[1];
        }
      }
    }
    return "none";
  }
}
