package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelTestSupport;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live {@code tcptop top -o JOURNAL} as root, in a real terminal: a loopback connection this test
 * opens shows with the bytes it moved, is shown closed once, then goes; quitting restores the
 * terminal, and the journal recorded along the way replays to the same numbers.
 */
class TopLiveTest {
  static final String COMM = "tcptop-io";

  @TempDir Path tmp;

  /** Loopback as Java's dual-stack sockets show it, v4-mapped or not. */
  static String loopback(int port) {
    return "(\\[::ffff:)?127\\.0\\.0\\.1\\]?:" + port;
  }

  /** The row of the connection from local port {@code from} to {@code to}. */
  static String row(String screen, int from, int to) {
    return screen.lines().filter(l -> l.matches("tcp\\s+" + loopback(from) + "\\s+" + loopback(to) + "\\s.*"))
        .findFirst().orElse("");
  }

  @Test
  void liveTopShowsKnownLoopbackTrafficAndRecordsAllOfIt() throws Exception {
    KernelTestSupport.requireKernel();
    Path journal = tmp.resolve("live");
    ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, COMM));
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
         Tmux t = Tmux.start(tmp, 160, 40, "top", "--port", Integer.toString(server.getLocalPort()),
             "--interval", "500ms", "-o", journal.toString())) {
      int serverPort = server.getLocalPort();
      t.waitFor("live, recording to " + journal);
      t.waitFor("tick ");
      Future<Socket[]> opened = io.submit(() -> {
        Socket client = new Socket(InetAddress.getByName("127.0.0.1"), serverPort);
        Socket accepted = server.accept();
        client.getOutputStream().write(new byte[10_000]);
        accepted.getInputStream().readNBytes(10_000);
        accepted.getOutputStream().write(new byte[2_345]);
        client.getInputStream().readNBytes(2_345);
        return new Socket[] {client, accepted};
      });
      Socket[] pair = opened.get();
      int clientPort = pair[0].getLocalPort();
      String pid = Long.toString(ProcessHandle.current().pid());

      long deadline = System.nanoTime() + 30_000_000_000L;
      String s = t.screen();
      while (!row(s, clientPort, serverPort).matches(".*\\s2\\.3K\\s+9\\.8K(\\s.*)?$")) {
        assertTrue(System.nanoTime() < deadline, "never showed the client's 2,345 bytes in and 10,000 out:\n" + s);
        Thread.sleep(100);
        s = t.screen();
      }
      String client = row(s, clientPort, serverPort);
      assertTrue(client.matches("tcp\\s+" + loopback(clientPort) + "\\s+" + loopback(serverPort) + "\\s+" + pid + "\\s+" + COMM
          + "\\s+ESTABLISHED\\s.*"), client);
      assertTrue(row(s, serverPort, clientPort).matches(".*\\s9\\.8K\\s+2\\.3K(\\s.*)?$"), "the server's end, the other way round: " + s);

      io.submit(() -> {
        pair[0].close();
        pair[1].close();
        return null;
      }).get();
      s = t.waitFor("[CLOSED]");
      assertTrue(row(s, clientPort, serverPort).contains("[CLOSED]") || row(s, serverPort, clientPort).contains("[CLOSED]"), s);
      deadline = System.nanoTime() + 30_000_000_000L;
      while (!row(s, clientPort, serverPort).isEmpty() || !row(s, serverPort, clientPort).isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "closed connections stay one tick, then go:\n" + s);
        Thread.sleep(100);
        s = t.screen();
      }
      t.type("q");
      t.assertExitedAndRestored(0);
      assertTrue(t.screen().contains("tcptop: recorded "), t.screen());
    } finally {
      io.shutdownNow();
    }
    ReplayRun r = ReplayRun.jsonl(journal);
    assertTrue(r.err().contains("journal ended cleanly"), r.err());
    String line = JsonLines.of(r.out()).lines().stream().filter(l -> l.contains("\"comm\":\"" + COMM + "\"")
        && JsonLines.field(l, "closed").equals("true") && JsonLines.number(l, "bytes_out") == 10_000).findFirst()
        .orElseThrow(() -> new AssertionError("the journal lacks the client's closing line:\n" + r.out()));
    assertEquals(2_345, JsonLines.number(line, "bytes_in"));
  }
}
