package io.tcptop.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback load generator: {@code pairs} threads each bounce a 64-byte message between the two
 * ends of a loopback TCP connection, a pair of connected UDP sockets, or a pair of unconnected UDP
 * sockets (sendto/recvfrom with addresses, whose every record names its peer) for {@code seconds};
 * prints round trips per second. A round trip is four socket operations (send A, receive B,
 * send B, receive A), so four events for the recorder.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.tcptop.bench.PingPong tcp|udp|udp-unconnected SECONDS [PAIRS]}
 */
public final class PingPong {
  private static final int SIZE = 64;

  public static void main(String[] args) throws Exception {
    double seconds = Double.parseDouble(args[1]);
    int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    System.out.printf(Locale.ROOT, "%s %d pair(s): %.0f round trips/s%n", args[0], pairs, run(args[0], seconds, pairs));
  }

  /** Runs the load for {@code seconds} and returns round trips per second. */
  public static double run(String mode, double seconds, int pairs) throws Exception {
    LongAdder trips = new LongAdder();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      threads.add(switch (mode) {
        case "tcp" -> tcpPair(deadline, trips);
        case "udp" -> udpPair(deadline, trips);
        case "udp-unconnected" -> unconnectedUdpPair(deadline, trips);
        default -> throw new IllegalArgumentException("mode tcp, udp or udp-unconnected, not " + mode);
      });
    }
    long start = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    return trips.sum() / ((System.nanoTime() - start) / 1e9);
  }

  /** One thread moves each message A→B then B→A; loopback delivers at once, so no peer thread is needed. */
  private static Thread tcpPair(long deadline, LongAdder trips) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    SocketChannel a = SocketChannel.open(server.getLocalAddress());
    SocketChannel b = server.accept();
    a.setOption(StandardSocketOptions.TCP_NODELAY, true);
    b.setOption(StandardSocketOptions.TCP_NODELAY, true);
    return Thread.ofPlatform().start(() -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
      try (a; b; server) {
        while (System.nanoTime() < deadline) {
          transfer(buf, a, b);
          transfer(buf, b, a);
          trips.increment();
        }
      } catch (IOException ex) {
        throw new RuntimeException(ex);
      }
    });
  }

  private static void transfer(ByteBuffer buf, SocketChannel from, SocketChannel to) throws IOException {
    buf.clear();
    while (buf.hasRemaining()) from.write(buf);
    buf.clear();
    while (buf.hasRemaining()) {
      if (to.read(buf) < 0) throw new IOException("closed");
    }
  }

  /** sendto and recvfrom with addresses: the cgroup hooks name every datagram's peer. */
  private static Thread unconnectedUdpPair(long deadline, LongAdder trips) throws IOException {
    DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    var toA = a.getLocalAddress();
    var toB = b.getLocalAddress();
    return Thread.ofPlatform().start(() -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
      try (a; b) {
        while (System.nanoTime() < deadline) {
          buf.clear();
          a.send(buf, toB);
          buf.clear();
          b.receive(buf);
          buf.flip();
          b.send(buf, toA);
          buf.clear();
          a.receive(buf);
          trips.increment();
        }
      } catch (IOException ex) {
        throw new RuntimeException(ex);
      }
    });
  }

  private static Thread udpPair(long deadline, LongAdder trips) throws IOException {
    DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    a.connect(b.getLocalAddress());
    b.connect(a.getLocalAddress());
    return Thread.ofPlatform().start(() -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
      try (a; b) {
        while (System.nanoTime() < deadline) {
          buf.clear();
          a.write(buf);
          buf.clear();
          b.read(buf);
          buf.flip();
          b.write(buf);
          buf.clear();
          a.read(buf);
          trips.increment();
        }
      } catch (IOException ex) {
        throw new RuntimeException(ex);
      }
    });
  }
}
