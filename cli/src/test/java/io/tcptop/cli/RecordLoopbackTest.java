package io.tcptop.cli;

import static io.tcptop.cli.JsonLines.field;
import static io.tcptop.cli.JsonLines.number;
import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the real kernel while this test moves known bytes over loopback, then checks the
 * journal, the live view and replay against those numbers. One recording serves all checks.
 */
class RecordLoopbackTest {
  static final long PID = ProcessHandle.current().pid();
  static final String COMM = "tcptop-io";

  @TempDir static Path tmp;
  static String live;
  static String replayed;
  static String replayErr;
  static JsonLines lines;
  static LoopbackTraffic.TcpPair tcp4;
  static LoopbackTraffic.TcpPair tcp6;
  static int[] udp4Connected;
  static int[] udp6Connected;
  static int unconnectedSender;
  static int peerA;
  static int peerB;
  static int udp6Sender;
  static int udp6Receiver;
  static int expirySender;
  static int expiryPeer;
  static int recordExit;
  static String recordErr;

  @BeforeAll
  static void recordWhileMovingTraffic() throws Exception {
    KernelTestSupport.requireKernel();
    Path journal = tmp.resolve("journal");
    CompletableFuture<Cli.Result> recording = CompletableFuture.supplyAsync(() -> Cli.run("record", "-o", journal.toString(),
        "--duration", "8s", "--interval", "500ms", "--live", "--format", "jsonl"));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.exists(journal) && System.nanoTime() < deadline && !recording.isDone()) {
      Thread.sleep(20);
    }
    assertFalse(recording.isDone(), () -> "recording stopped early: " + recording.join().err());
    Thread.sleep(300);

    ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, COMM));
    io.submit(() -> {
      tcp4 = LoopbackTraffic.tcp("127.0.0.1", 10_000, 2_345);
      tcp6 = LoopbackTraffic.tcp("::1", 7_777, 333);
      udp4Connected = LoopbackTraffic.udpConnected("127.0.0.1", 100, 3);
      udp6Connected = LoopbackTraffic.udpConnected("::1", 40, 5);
      InetAddress lo = InetAddress.getByName("127.0.0.1");
      try (DatagramSocket sender = new DatagramSocket(new InetSocketAddress(lo, 0));
           DatagramSocket a = new DatagramSocket(new InetSocketAddress(lo, 0));
           DatagramSocket b = new DatagramSocket(new InetSocketAddress(lo, 0))) {
        unconnectedSender = LoopbackTraffic.udpUnconnected(sender, a, 50);
        LoopbackTraffic.udpUnconnected(sender, b, 60);
        peerA = a.getLocalPort();
        peerB = b.getLocalPort();
      }
      InetAddress lo6 = InetAddress.getByName("::1");
      try (DatagramSocket sender = new DatagramSocket(new InetSocketAddress(lo6, 0));
           DatagramSocket r = new DatagramSocket(new InetSocketAddress(lo6, 0))) {
        udp6Sender = LoopbackTraffic.udpUnconnected(sender, r, 77);
        udp6Receiver = r.getLocalPort();
      }
      try (DatagramSocket sender = new DatagramSocket(new InetSocketAddress(lo, 0));
           DatagramSocket r = new DatagramSocket(new InetSocketAddress(lo, 0))) {
        expirySender = LoopbackTraffic.udpUnconnected(sender, r, 11);
        expiryPeer = r.getLocalPort();
        Thread.sleep(6_000);
        LoopbackTraffic.udpUnconnected(sender, r, 22);
      }
      return null;
    }).get();
    io.shutdown();
    Cli.Result recorded = recording.get();
    recordExit = recorded.exit();
    recordErr = recorded.err();
    live = recorded.out();

    ReplayRun run = ReplayRun.jsonl(journal);
    replayed = run.out();
    replayErr = run.err();
    lines = JsonLines.of(replayed);
    assertEquals(0, recordExit, recorded.err());
  }

  @Test
  void liveViewAndReplayPrintTheSameBytes() {
    assertFalse(live.isEmpty());
    assertEquals(live, replayed);
    assertTrue(replayErr.contains("journal ended cleanly"), replayErr);
  }

  @Test
  void recordAndReplayCountTheSameRecords() {
    var recordedCount = java.util.regex.Pattern.compile("journal \\S+ in (\\d+) records").matcher(recordErr);
    var replayedCount = java.util.regex.Pattern.compile("replayed \\S+: (\\d+) records").matcher(replayErr);
    assertTrue(recordedCount.find(), recordErr);
    assertTrue(replayedCount.find(), replayErr);
    assertTrue(Long.parseLong(recordedCount.group(1)) > 100, recordErr);
    assertEquals(recordedCount.group(1), replayedCount.group(1), recordErr + "\n" + replayErr);
  }

  private static String last(String proto, int local, int remote) {
    return lines.last(proto, local, remote).orElseThrow(() -> new AssertionError(
        "no line for " + proto + " " + local + " -> " + remote + " in\n" + replayed));
  }

  private static void assertOwnedByThisTest(String line) {
    assertEquals(PID, number(line, "pid"), line);
    assertEquals(COMM, field(line, "comm"), line);
  }

  @Test
  void tcpV4BytesBothWaysAndCloseOnBothEnds() {
    String client = last("tcp", tcp4.clientPort(), tcp4.serverPort());
    assertEquals(10_000, number(client, "bytes_out"));
    assertEquals(2_345, number(client, "bytes_in"));
    assertEquals("true", field(client, "closed"));
    assertEquals("CLOSE", field(client, "state"));
    assertTrue(number(client, "rtt_us") > 0, client);
    assertOwnedByThisTest(client);
    String server = last("tcp", tcp4.serverPort(), tcp4.clientPort());
    assertEquals(10_000, number(server, "bytes_in"));
    assertEquals(2_345, number(server, "bytes_out"));
    assertEquals("true", field(server, "closed"));
    assertOwnedByThisTest(server);
  }

  @Test
  void tcpV6BytesBothWays() {
    String client = last("tcp", tcp6.clientPort(), tcp6.serverPort());
    assertEquals("::1", field(client, "local_addr"));
    assertEquals(7_777, number(client, "bytes_out"));
    assertEquals(333, number(client, "bytes_in"));
    assertEquals("true", field(client, "closed"));
    String server = last("tcp", tcp6.serverPort(), tcp6.clientPort());
    assertEquals(7_777, number(server, "bytes_in"));
    assertEquals(333, number(server, "bytes_out"));
  }

  @Test
  void connectedUdpCountsEveryDatagram() {
    String sender = last("udp", udp4Connected[0], udp4Connected[1]);
    assertEquals(300, number(sender, "bytes_out"));
    assertOwnedByThisTest(sender);
    String receiver = last("udp", udp4Connected[1], udp4Connected[0]);
    assertEquals(300, number(receiver, "bytes_in"));
  }

  @Test
  void connectedUdpOverIpv6() {
    String sender = last("udp", udp6Connected[0], udp6Connected[1]);
    assertEquals("::1", field(sender, "remote_addr"));
    assertEquals(200, number(sender, "bytes_out"));
    assertEquals(200, number(last("udp", udp6Connected[1], udp6Connected[0]), "bytes_in"));
  }

  @Test
  void unconnectedUdpSocketHasOneFlowPerPeer() {
    String toA = last("udp", unconnectedSender, peerA);
    assertEquals(field(last("udp", peerA, unconnectedSender), "local_addr"), field(toA, "remote_addr"),
        "the peer's address as the sender sees it is the address the peer is bound to");
    assertEquals(50, number(toA, "bytes_out"));
    assertEquals(60, number(last("udp", unconnectedSender, peerB), "bytes_out"));
    assertEquals(50, number(last("udp", peerA, unconnectedSender), "bytes_in"));
    assertEquals(60, number(last("udp", peerB, unconnectedSender), "bytes_in"));
  }

  @Test
  void unconnectedUdpOverIpv6() {
    String s = last("udp", udp6Sender, udp6Receiver);
    assertEquals("::1", field(s, "remote_addr"));
    assertEquals(77, number(s, "bytes_out"));
    assertEquals(77, number(last("udp", udp6Receiver, udp6Sender), "bytes_in"));
  }

  @Test
  void udpFlowExpiresAfterFiveSecondsIdle() {
    var flow = lines.flow("udp", expirySender, expiryPeer);
    assertEquals(2, flow.size(), String.join("\n", flow));
    assertEquals(11, number(flow.get(0), "bytes_out"));
    assertEquals(22, number(flow.get(1), "bytes_out"), "after 6 s idle the flow starts again from zero");
  }
}
