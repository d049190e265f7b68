package io.tcptop.cli;

import static io.tcptop.cli.JsonLines.field;
import static io.tcptop.cli.JsonLines.number;
import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelTestSupport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
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
  /** UDP servers (recvfrom) bound before the recording, and the clients that talked to them. */
  static int udpServer4;
  static int[] udpClients4;
  static int udpServer6;
  static int[] udpClients6;
  /** TCP connections that existed before the recording: one talks during it, one stays idle. */
  static int[] busyBefore;
  static int[] idleBefore;
  static int listenerBefore;
  /** A connection opened as soon as the recording had started. */
  static LoopbackTraffic.TcpPair rightAfterStart;

  @BeforeAll
  static void recordWhileMovingTraffic() throws Exception {
    KernelTestSupport.requireKernel();
    Path journal = tmp.resolve("journal");
    ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, COMM));
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    InetAddress lo6 = InetAddress.getByName("::1");
    try (DatagramSocket server4 = io.submit(() -> new DatagramSocket(new InetSocketAddress(lo, 0))).get();
         DatagramSocket server6 = io.submit(() -> new DatagramSocket(new InetSocketAddress(lo6, 0))).get();
         ServerSocket listener = new ServerSocket(0, 5, lo);
         Socket busyClient = new Socket(lo, listener.getLocalPort());
         Socket busyServer = listener.accept();
         Socket idleClient = new Socket(lo, listener.getLocalPort());
         Socket idleServer = listener.accept()) {
      udpServer4 = server4.getLocalPort();
      udpServer6 = server6.getLocalPort();
      listenerBefore = listener.getLocalPort();
      busyBefore = new int[] {busyClient.getLocalPort(), busyServer.getLocalPort()};
      idleBefore = new int[] {idleClient.getLocalPort(), idleServer.getLocalPort()};
      busyClient.getOutputStream().write(new byte[999]); // before the recording: not counted
      busyServer.getInputStream().readNBytes(999);
      recordDuring(journal, io, () -> {
        udpClients4 = udpServerAnswers(server4, lo, 40, 41);
        udpClients6 = udpServerAnswers(server6, lo6, 60, 61);
        busyClient.getOutputStream().write(new byte[4321]);
        busyServer.getInputStream().readNBytes(4321);
        return null;
      });
    }
    io.shutdown();
  }

  /**
   * Records while {@code io} moves the traffic every test checks, then {@code more}; keeps what
   * the live view printed and what replay prints.
   */
  static void recordDuring(Path journal, ExecutorService io, Callable<Void> more) throws Exception {
    CompletableFuture<Cli.Result> recording = CompletableFuture.supplyAsync(() -> Cli.run("record", "-o", journal.toString(),
        "--duration", "8s", "--interval", "500ms", "--live", "--format", "jsonl"));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.exists(journal) && System.nanoTime() < deadline && !recording.isDone()) {
      Thread.sleep(20);
    }
    assertFalse(recording.isDone(), () -> "recording stopped early: " + recording.join().err());
    rightAfterStart = io.submit(() -> LoopbackTraffic.tcp("127.0.0.1", 55, 66)).get();
    Thread.sleep(300);

    io.submit(more).get();
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

  /**
   * Two clients send {@code a} and {@code b} bytes to {@code server}, which receives with
   * recvfrom (the JDK asks for the sender) and answers each with twice as many; returns the
   * clients' ports.
   */
  static int[] udpServerAnswers(DatagramSocket server, InetAddress address, int a, int b) throws IOException {
    try (DatagramSocket clientA = new DatagramSocket(new InetSocketAddress(address, 0));
         DatagramSocket clientB = new DatagramSocket(new InetSocketAddress(address, 0))) {
      for (DatagramSocket client : List.of(clientA, clientB)) {
        int size = client == clientA ? a : b;
        client.send(new DatagramPacket(new byte[size], size, server.getLocalSocketAddress()));
        DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
        server.receive(got);
        server.send(new DatagramPacket(new byte[2 * size], 2 * size, got.getSocketAddress()));
        client.receive(new DatagramPacket(new byte[2048], 2048));
      }
      return new int[] {clientA.getLocalPort(), clientB.getLocalPort()};
    }
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
  void aRecvfromServerBoundBeforeTheRecordingNamesEachPeerExactly() {
    for (int[] server : new int[][] {{udpServer4, udpClients4[0], udpClients4[1]}, {udpServer6, udpClients6[0], udpClients6[1]}}) {
      List<Long> peers = lines.lines().stream().filter(l -> field(l, "proto").equals("udp") && number(l, "local_port") == server[0])
          .map(l -> number(l, "remote_port")).distinct().sorted().toList();
      assertEquals(List.of((long) Math.min(server[1], server[2]), (long) Math.max(server[1], server[2])), peers,
          "every line of the server on port " + server[0] + " names one of its two clients");
    }
    for (int i = 0; i < 2; i++) {
      int size = i == 0 ? 40 : 41;
      String fromClient = last("udp", udpServer4, udpClients4[i]);
      String client = last("udp", udpClients4[i], udpServer4);
      // the JDK's sockets are dual-stack: the server sees its IPv4 peer as ::ffff:127.0.0.1
      assertEquals(field(client, "local_addr"), field(fromClient, "remote_addr"), fromClient);
      assertTrue(field(fromClient, "remote_addr").endsWith("127.0.0.1"), fromClient);
      assertEquals(size, number(fromClient, "bytes_in"));
      assertEquals(2 * size, number(fromClient, "bytes_out"));
      assertOwnedByThisTest(fromClient);
      assertEquals("false", field(fromClient, "partial"), "a UDP flow has no start the probes could miss");
      int size6 = i == 0 ? 60 : 61;
      String fromClient6 = last("udp", udpServer6, udpClients6[i]);
      assertEquals("::1", field(fromClient6, "remote_addr"), fromClient6);
      assertEquals(size6, number(fromClient6, "bytes_in"));
      assertEquals(2 * size6, number(fromClient6, "bytes_out"));
    }
  }

  @Test
  void everyUdpLineOfThisTestNamesItsRealPeer() {
    List<String> udp = lines.lines().stream().filter(l -> field(l, "proto").equals("udp") && number(l, "pid") == PID)
        .toList();
    assertTrue(udp.size() >= 20, replayed);
    for (String line : udp) {
      assertTrue(number(line, "remote_port") != 0 && !field(line, "remote_addr").equals("0.0.0.0")
          && !field(line, "remote_addr").equals("::"), () -> "no peer: " + line);
    }
  }

  @Test
  void listenersAreNotConnections() {
    for (int port : new int[] {listenerBefore, tcp4.serverPort(), tcp6.serverPort(), rightAfterStart.serverPort()}) {
      assertEquals(List.of(), lines.flow("tcp", port, 0), "a line for the listener on port " + port);
    }
    assertTrue(lines.lines().stream().noneMatch(l -> field(l, "proto").equals("tcp") && number(l, "remote_port") == 0
        && number(l, "pid") == PID), replayed);
  }

  @Test
  void aConnectionFromBeforeTheRecordingShowsUpPartialWhenItMovesBytes() {
    List<String> client = lines.flow("tcp", busyBefore[0], listenerBefore);
    List<String> server = lines.flow("tcp", busyBefore[1], busyBefore[0]);
    assertEquals(1, client.size(), () -> "one line, in the tick it sent, none before: " + client);
    assertEquals(1, server.size(), server::toString);
    assertEquals("true", field(client.get(0), "partial"));
    assertEquals(4321, number(client.get(0), "bytes_out"), "only what it sent during the recording");
    assertEquals("true", field(server.get(0), "partial"));
    assertEquals(4321, number(server.get(0), "bytes_in"));
  }

  @Test
  void anIdleConnectionFromBeforeTheRecordingHasNoLine() {
    assertEquals(List.of(), lines.flow("tcp", idleBefore[0], listenerBefore));
    assertEquals(List.of(), lines.flow("tcp", idleBefore[1], idleBefore[0]));
  }

  @Test
  void connectionsOpenedDuringTheRecordingAreNotPartial() {
    for (LoopbackTraffic.TcpPair pair : List.of(rightAfterStart, tcp4, tcp6)) {
      for (String line : lines.flow("tcp", pair.clientPort(), pair.serverPort())) {
        assertEquals("false", field(line, "partial"), line);
      }
      for (String line : lines.flow("tcp", pair.serverPort(), pair.clientPort())) {
        assertEquals("false", field(line, "partial"), line);
      }
    }
    assertEquals(55, number(last("tcp", rightAfterStart.clientPort(), rightAfterStart.serverPort()), "bytes_out"));
  }

  @Test
  void udpFlowExpiresAfterFiveSecondsIdle() {
    var flow = lines.flow("udp", expirySender, expiryPeer);
    assertEquals(2, flow.size(), String.join("\n", flow));
    assertEquals(11, number(flow.get(0), "bytes_out"));
    assertEquals(22, number(flow.get(1), "bytes_out"), "after 6 s idle the flow starts again from zero");
  }
}
