package io.tcptop.cli.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics endpoint keeps answering scrapes while clients hold connections they never finish. */
class MetricsServerTest {

  @Test
  void clientsThatNeverFinishTheirRequestDoNotStopScrapes() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (MetricsServer server = MetricsServer.start(MetricsAddress.parse("127.0.0.1:" + port))) {
      List<Socket> stalled = new ArrayList<>();
      try {
        // More than the server's threads: each sends a request line and a header, never the blank line.
        for (int i = 0; i < MetricsServer.THREADS + 1; i++) {
          Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
          s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          stalled.add(s);
        }
        Thread.sleep(500);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(MetricsServer.REQUEST_SECONDS * 6L)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("process_cpu_seconds_total"), r.body());
        for (Socket s : stalled) {
          assertTrue(closedByServer(s), "a stalled connection is closed by the server");
        }
      } finally {
        for (Socket s : stalled) {
          s.close();
        }
      }
    }
  }

  /** Whether the server ends the connection (end of stream or a reset) within 30 s. */
  static boolean closedByServer(Socket s) throws IOException {
    s.setSoTimeout(30_000);
    try {
      while (s.getInputStream().read() >= 0) {
        // a response (408, say) before it closes
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    }
  }
}
