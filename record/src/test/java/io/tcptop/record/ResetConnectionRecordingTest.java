package io.tcptop.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.ConnectionRecord;
import io.tcptop.aggregate.TickListener;
import io.tcptop.bpf.KernelTestSupport;
import io.tcptop.bpf.ProbeConfig;
import io.tcptop.event.Proto;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A connection the server resets with its answer still unread: the client reads the answer after
 * the kernel closed the connection. The recording counts those bytes to the client's process and
 * addresses, loses nothing and leaves no connection open.
 */
class ResetConnectionRecordingTest {
  @Test
  void bytesReadAfterAResetBelongToTheConnectionAndNothingIsLost() throws Exception {
    KernelTestSupport.requireKernel();
    List<ConnectionRecord> ended = new ArrayList<>();
    Aggregator aggregator = new Aggregator(TickListener.NONE, ended::add);
    AtomicBoolean stop = new AtomicBoolean();
    int answer = 3000;
    int clientPort;
    int serverPort;
    LiveSource.Summary summary;
    try (LiveSource source = LiveSource.open(new LiveSource.Options(ProbeConfig.defaults().withRingSizeBytes(16 << 20),
        100_000_000L, 0, "", stop::get, line -> { }))) {
      CompletableFuture<Void> recording = CompletableFuture.runAsync(() -> {
        source.forEach(aggregator);
        aggregator.finish();
      });
      InetAddress lo = InetAddress.getByName("127.0.0.1");
      try (ServerSocket listener = new ServerSocket(0, 1, lo); Socket client = new Socket(lo, listener.getLocalPort())) {
        serverPort = listener.getLocalPort();
        clientPort = client.getLocalPort();
        try (Socket server = listener.accept()) {
          client.getOutputStream().write(new byte[10]);
          assertEquals(10, server.getInputStream().readNBytes(10).length);
          server.getOutputStream().write(new byte[answer]);
          server.setSoLinger(true, 0); // close with a reset
        }
        Thread.sleep(200); // the reset has closed the client's connection in the kernel by now
        InputStream in = client.getInputStream();
        int read = 0;
        byte[] buf = new byte[answer];
        while (read < answer) {
          int n = in.read(buf, 0, answer - read);
          assertTrue(n > 0, "the answer is in the receive queue");
          read += n;
        }
      }
      Thread.sleep(300);
      stop.set(true);
      recording.get(30, TimeUnit.SECONDS);
      summary = source.summary();
    }
    long pid = ProcessHandle.current().pid();
    List<ConnectionRecord> clientSide = ended.stream().filter(c -> c.flow().proto() == Proto.TCP
        && c.flow().localPort() == clientPort && c.flow().remotePort() == serverPort).toList();
    assertEquals(answer, clientSide.stream().mapToLong(ConnectionRecord::bytesIn).sum(), clientSide::toString);
    assertEquals(10, clientSide.stream().mapToLong(ConnectionRecord::bytesOut).sum(), clientSide::toString);
    for (ConnectionRecord c : clientSide) {
      assertEquals(pid, c.flow().pid(), c::toString);
      assertEquals(ConnectionRecord.End.CLOSED, c.end(), c::toString);
    }
    assertEquals(0, summary.lost(), summary::toString);
  }
}
