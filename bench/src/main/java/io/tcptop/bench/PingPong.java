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
 * A loopback load generator: {@code pairs} client threads each ping-pong 64-byte messages with
 * an echo thread for {@code seconds}, over TCP or UDP; prints round trips per second. Each round
 * trip is four socket operations (client send, server receive, server send, client receive),
 * so four events for the recorder.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.tcptop.bench.PingPong tcp|udp SECONDS [PAIRS]}
 */
public final class PingPong {
  private static final int SIZE = 64;

  public static void main(String[] args) throws Exception {
    boolean tcp = args[0].equals("tcp");
    double seconds = Double.parseDouble(args[1]);
    int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    LongAdder trips = new LongAdder();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      threads.add(tcp ? tcpPair(deadline, trips) : udpPair(deadline, trips));
    }
    long start = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%s %d pair(s): %.0f round trips/s%n", args[0], pairs, trips.sum() / elapsed);
  }

  private static Thread tcpPair(long deadline, LongAdder trips) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    SocketChannel client = SocketChannel.open(server.getLocalAddress());
    SocketChannel echo = server.accept();
    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
    echo.setOption(StandardSocketOptions.TCP_NODELAY, true);
    Thread e = Thread.ofPlatform().daemon().start(() -> echoLoop(echo));
    return Thread.ofPlatform().start(() -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
      try (client; server) {
        while (System.nanoTime() < deadline) {
          buf.clear();
          while (buf.hasRemaining()) client.write(buf);
          buf.clear();
          while (buf.hasRemaining()) {
            if (client.read(buf) < 0) return;
          }
          trips.increment();
        }
      } catch (IOException ex) {
        throw new RuntimeException(ex);
      }
    });
  }

  private static void echoLoop(SocketChannel echo) {
    ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
    try (echo) {
      while (true) {
        buf.clear();
        while (buf.hasRemaining()) {
          if (echo.read(buf) < 0) return;
        }
        buf.flip();
        while (buf.hasRemaining()) echo.write(buf);
      }
    } catch (IOException ignored) {
      // the client closed
    }
  }

  private static Thread udpPair(long deadline, LongAdder trips) throws IOException {
    DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    a.connect(b.getLocalAddress());
    b.connect(a.getLocalAddress());
    Thread.ofPlatform().daemon().start(() -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
      try (b) {
        while (true) {
          buf.clear();
          b.read(buf);
          buf.flip();
          b.write(buf);
        }
      } catch (IOException ignored) {
        // closed
      }
    });
    return Thread.ofPlatform().start(() -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
      try (a) {
        while (System.nanoTime() < deadline) {
          buf.clear();
          a.write(buf);
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
