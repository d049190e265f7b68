package io.tcptop.bpf;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A traffic generator for tests that run it in other cgroups and network namespaces: one
 * unconnected UDP socket sending {@code COUNT} datagrams of {@code SIZE} bytes to each of two
 * receivers on loopback ports {@code PORT} and {@code PORT+1}, in turn (so every datagram after
 * the first goes to a peer other than the last one's), each received; then all three closed.
 * Prints {@code done SENDER_PORT}.
 *
 * <p>Usage: {@code UnconnectedUdpPeers PORT COUNT SIZE}
 */
public final class UnconnectedUdpPeers {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (DatagramSocket first = new DatagramSocket(new InetSocketAddress(lo, port));
         DatagramSocket second = new DatagramSocket(new InetSocketAddress(lo, port + 1));
         DatagramSocket sender = new DatagramSocket(new InetSocketAddress(lo, 0))) {
      byte[] in = new byte[size];
      for (int i = 0; i < count; i++) {
        for (DatagramSocket to : new DatagramSocket[] {first, second}) {
          sender.send(new DatagramPacket(new byte[size], size, lo, to.getLocalPort()));
          DatagramPacket p = new DatagramPacket(in, size);
          to.receive(p);
          if (p.getLength() != size) {
            throw new IllegalStateException("short datagram");
          }
        }
      }
      System.out.println("done " + sender.getLocalPort());
      System.out.flush();
    }
  }
}
