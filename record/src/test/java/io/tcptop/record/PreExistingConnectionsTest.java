package io.tcptop.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.ConnectionRecord;
import io.tcptop.bpf.KernelTestSupport;
import io.tcptop.bpf.ProbeConfig;
import io.tcptop.event.Proto;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A real recording (LiveSource, the kernel, the aggregator) of connections that began before
 * it, during it, and in between: after the probes attached but before the recording looked at
 * /proc. Only connections whose start the probes missed are partial, a pre-existing connection
 * appears when something happens to it, and listeners are no connections.
 */
class PreExistingConnectionsTest {
  static final InetAddress LO = InetAddress.getLoopbackAddress();

  record Pair(Socket client, Socket server) implements AutoCloseable {
    static Pair open(ServerSocket listener) throws IOException {
      Socket client = new Socket(LO, listener.getLocalPort());
      return new Pair(client, listener.accept());
    }

    int clientPort() {
      return client.getLocalPort();
    }

    int serverPort() {
      return server.getLocalPort();
    }

    void clientSends(int bytes) throws IOException {
      client.getOutputStream().write(new byte[bytes]);
      server.getInputStream().readNBytes(bytes);
    }

    void serverSends(int bytes) throws IOException {
      server.getOutputStream().write(new byte[bytes]);
      client.getInputStream().readNBytes(bytes);
    }

    @Override
    public void close() throws IOException {
      client.close();
      server.close();
    }
  }

  @Test
  void onlyConnectionsWhoseStartTheProbesMissedArePartialAndListenersAreNone() throws Exception {
    KernelTestSupport.requireKernel();
    List<ConnectionRecord> ended = new ArrayList<>();
    List<ConnectionLine> lines = new ArrayList<>();
    Aggregator aggregator = new Aggregator((ts, epoch, tick) -> lines.addAll(tick), ended::add);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong trafficStart = new AtomicLong();
    int newListenerPort;
    int earlyPort;
    Pair during;
    long attached;
    long earlyOpened;
    try (ServerSocket oldListener = new ServerSocket(0, 50, LO);
         Pair busy = Pair.open(oldListener);
         Pair idle = Pair.open(oldListener)) {
      busy.clientSends(500); // before the recording: not counted
      idle.clientSends(7);
      var options = new LiveSource.Options(ProbeConfig.defaults().withRingSizeBytes(16 << 20), 100_000_000L, 0, "",
          stop::get, line -> { });
      try (LiveSource source = LiveSource.open(options);
           ServerSocket newListener = new ServerSocket(0, 50, LO)) {
        newListenerPort = newListener.getLocalPort();
        attached = System.nanoTime();
        // after the probes attached, before the recording scans /proc: /proc will list it
        Pair early = Pair.open(oldListener);
        earlyOpened = System.nanoTime();
        earlyPort = early.clientPort();
        CompletableFuture<Pair> traffic = CompletableFuture.supplyAsync(() -> {
          try {
            Thread.sleep(300);
            trafficStart.set(System.nanoTime());
            early.clientSends(1234);
            busy.clientSends(3000);
            busy.serverSends(100);
            Pair d = Pair.open(newListener);
            d.clientSends(77);
            d.close();
            early.close();
            Thread.sleep(300);
            return d;
          } catch (Exception e) {
            throw new RuntimeException(e);
          } finally {
            stop.set(true);
          }
        });
        source.forEach(aggregator);
        aggregator.finish();
        during = traffic.join();
      }
      String all = ended.stream().map(ConnectionRecord::toString).collect(Collectors.joining("\n  ", "\n  ", ""));

      int listenerPort = oldListener.getLocalPort();
      ConnectionRecord earlyClient = byPorts(ended, earlyPort, listenerPort).orElseThrow(() -> new AssertionError(all));
      ConnectionRecord earlyServer = byPorts(ended, listenerPort, earlyPort).orElseThrow(() -> new AssertionError(all));
      for (ConnectionRecord c : List.of(earlyClient, earlyServer)) {
        assertFalse(c.partial(), "the probes saw it open: " + c);
        assertTrue(c.firstSeenNs() >= attached && c.firstSeenNs() <= earlyOpened,
            () -> "first seen at its open, between " + attached + " and " + earlyOpened + ": " + c);
      }
      assertEquals(1234, earlyClient.bytesOut());
      assertEquals(1234, earlyServer.bytesIn());

      ConnectionRecord busyClient = byPorts(ended, busy.clientPort(), busy.serverPort()).orElseThrow(() -> new AssertionError(all));
      ConnectionRecord busyServer = byPorts(ended, busy.serverPort(), busy.clientPort()).orElseThrow(() -> new AssertionError(all));
      assertTrue(busyClient.partial() && busyServer.partial(), all);
      assertEquals(3000, busyClient.bytesOut(), "only the bytes sent during the recording");
      assertEquals(3000, busyServer.bytesIn());
      assertEquals(100, busyServer.bytesOut());
      assertTrue(busyClient.firstSeenNs() >= trafficStart.get(), () -> "first seen when it sent: " + busyClient);

      assertEquals(Optional.empty(), byPorts(ended, idle.clientPort(), idle.serverPort()), "idle: no connection");
      assertEquals(Optional.empty(), byPorts(ended, idle.serverPort(), idle.clientPort()), "idle: no connection");
      assertTrue(lines.stream().noneMatch(l -> l.flow().localPort() == idle.clientPort()
          || l.flow().remotePort() == idle.clientPort()), "idle: no line");

      ConnectionRecord duringClient = byPorts(ended, during.clientPort(), newListenerPort).orElseThrow(() -> new AssertionError(all));
      assertFalse(duringClient.partial());
      assertEquals(77, duringClient.bytesOut());
      assertFalse(byPorts(ended, newListenerPort, during.clientPort()).orElseThrow().partial());

      for (int listener : new int[] {oldListener.getLocalPort(), newListenerPort}) {
        assertEquals(Optional.empty(), byPorts(ended, listener, 0), "a listener is no connection");
        assertTrue(lines.stream().noneMatch(l -> l.flow().localPort() == listener && l.flow().remotePort() == 0),
            "no line for the listener on " + listener);
      }
    }
  }

  private static Optional<ConnectionRecord> byPorts(List<ConnectionRecord> ended, int local, int remote) {
    return ended.stream().filter(c -> c.flow().proto() == Proto.TCP && c.flow().localPort() == local
        && c.flow().remotePort() == remote).findFirst();
  }
}
