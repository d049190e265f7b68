package io.tcptop.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Many short-lived connections at a steady rate, for the memory of an always-on recorder: each
 * second {@code rate} TCP connections (connect, 200 bytes each way, close) and as many UDP
 * datagrams, each to a peer port never used before (so every one is a new UDP flow that expires
 * 5 s later), for {@code seconds}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.tcptop.bench.Churn RATE SECONDS}
 */
public final class Churn {
  public static void main(String[] args) throws Exception {
    int rate = Integer.parseInt(args[0]);
    long seconds = Long.parseLong(args[1]);
    InetAddress lo = InetAddress.getLoopbackAddress();
    byte[] payload = new byte[200];
    long connections = 0;
    try (ServerSocket server = new ServerSocket(0, 128, lo);
         DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress(lo, 0))) {
      Thread acceptor = Thread.ofPlatform().daemon().start(() -> serve(server, payload.length));
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      long gap = 1_000_000_000L / rate;
      int port = 20_000;
      for (long next = start; next < end; next += gap) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        try (Socket s = new Socket(lo, server.getLocalPort())) {
          s.getOutputStream().write(payload);
          s.getInputStream().readNBytes(payload.length);
        }
        udp.send(ByteBuffer.wrap(payload, 0, 32), new InetSocketAddress(lo, port));
        port = port == 60_000 ? 20_000 : port + 1;
        connections++;
      }
      acceptor.interrupt();
      System.out.printf(Locale.ROOT, "churn: %d TCP connections and UDP peers in %d s%n", connections, seconds);
    }
  }

  private static void serve(ServerSocket server, int size) {
    while (true) {
      try (Socket c = server.accept()) {
        byte[] in = c.getInputStream().readNBytes(size);
        c.getOutputStream().write(in);
      } catch (Exception e) {
        return;
      }
    }
  }
}
