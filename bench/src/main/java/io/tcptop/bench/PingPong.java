package io.tcptop.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback load generator: {@code pairs} threads each bounce a 64-byte message between the two
 * ends of a loopback TCP connection, a pair of connected UDP sockets, or a pair of unconnected UDP
 * sockets (sendto/recvfrom with addresses, whose every record names its peer) for {@code seconds};
 * prints round trips per second. A round trip is four socket operations (send A, receive B,
 * send B, receive A), so four events for the recorder. With RATE, the pairs together make at most
 * RATE round trips per second (each pair paces itself to its share), for a steady event rate.
 * Also prints the CPU time (user + system) the pairs' threads spent per round trip: the socket
 * calls and whatever runs inside them, such as a recorder's eBPF programs. On a busy machine it
 * varies far less than round trips per second, which also measure how often the threads ran.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.tcptop.bench.PingPong tcp|udp|udp-unconnected SECONDS [PAIRS [RATE]]}
 */
public final class PingPong {
  private static final int SIZE = 64;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    double seconds = Double.parseDouble(args[1]);
    int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    long gapNs = args.length > 3 ? Math.round(1e9 * pairs / Double.parseDouble(args[3])) : 0;
    Result r = load(args[0], seconds, pairs, gapNs);
    System.out.printf(Locale.ROOT, "%s %d pair(s): %.0f round trips/s, %.0f ns CPU per round trip%n",
        args[0], pairs, r.tripsPerSecond(), r.cpuNsPerTrip());
  }

  /** Round trips per second and the pairs' CPU time per round trip. */
  public record Result(double tripsPerSecond, double cpuNsPerTrip) {}

  /** Runs the load unpaced for {@code seconds} and returns round trips per second. */
  public static double run(String mode, double seconds, int pairs) throws Exception {
    return load(mode, seconds, pairs, 0).tripsPerSecond();
  }

  /** Runs the load for {@code seconds}, each pair at most one round trip per {@code gapNs} (0: unpaced). */
  public static Result load(String mode, double seconds, int pairs, long gapNs) throws Exception {
    LongAdder trips = new LongAdder();
    LongAdder cpuNs = new LongAdder();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      threads.add(switch (mode) {
        case "tcp" -> tcpPair(deadline, gapNs, trips, cpuNs);
        case "udp" -> udpPair(deadline, gapNs, trips, cpuNs);
        case "udp-unconnected" -> unconnectedUdpPair(deadline, gapNs, trips, cpuNs);
        default -> throw new IllegalArgumentException("mode tcp, udp or udp-unconnected, not " + mode);
      });
    }
    long start = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(trips.sum() / elapsed, cpuNs.sum() / (double) Math.max(1, trips.sum()));
  }

  /** One thread moves each message A→B then B→A; loopback delivers at once, so no peer thread is needed. */
  private static Thread tcpPair(long deadline, long gapNs, LongAdder trips, LongAdder cpuNs) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    SocketChannel a = SocketChannel.open(server.getLocalAddress());
    SocketChannel b = server.accept();
    a.setOption(StandardSocketOptions.TCP_NODELAY, true);
    b.setOption(StandardSocketOptions.TCP_NODELAY, true);
    return Thread.ofPlatform().start(() -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      long begin = System.nanoTime();
      try (a; b; server) {
        for (long n = 1; System.nanoTime() < deadline; n++) {
          transfer(buf, a, b);
          transfer(buf, b, a);
          trips.increment();
          pace(begin, n, gapNs);
        }
        cpuNs.add(THREADS.getCurrentThreadCpuTime() - cpu0);
      } catch (IOException ex) {
        throw new RuntimeException(ex);
      }
    });
  }

  /** With a gap, waits until round trip {@code n} is due; checked every 64 trips, so the cost is small. */
  private static void pace(long begin, long n, long gapNs) {
    if (gapNs > 0 && (n & 63) == 0) {
      long wait = begin + n * gapNs - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
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
  private static Thread unconnectedUdpPair(long deadline, long gapNs, LongAdder trips, LongAdder cpuNs) throws IOException {
    DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    var toA = a.getLocalAddress();
    var toB = b.getLocalAddress();
    return Thread.ofPlatform().start(() -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      long begin = System.nanoTime();
      try (a; b) {
        for (long n = 1; System.nanoTime() < deadline; n++) {
          buf.clear();
          a.send(buf, toB);
          buf.clear();
          b.receive(buf);
          buf.flip();
          b.send(buf, toA);
          buf.clear();
          a.receive(buf);
          trips.increment();
          pace(begin, n, gapNs);
        }
        cpuNs.add(THREADS.getCurrentThreadCpuTime() - cpu0);
      } catch (IOException ex) {
        throw new RuntimeException(ex);
      }
    });
  }

  private static Thread udpPair(long deadline, long gapNs, LongAdder trips, LongAdder cpuNs) throws IOException {
    DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    a.connect(b.getLocalAddress());
    b.connect(a.getLocalAddress());
    return Thread.ofPlatform().start(() -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      long begin = System.nanoTime();
      try (a; b) {
        for (long n = 1; System.nanoTime() < deadline; n++) {
          buf.clear();
          a.write(buf);
          buf.clear();
          b.read(buf);
          buf.flip();
          b.write(buf);
          buf.clear();
          a.read(buf);
          trips.increment();
          pace(begin, n, gapNs);
        }
        cpuNs.add(THREADS.getCurrentThreadCpuTime() - cpu0);
      } catch (IOException ex) {
        throw new RuntimeException(ex);
      }
    });
  }
}
