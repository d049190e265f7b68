package io.tcptop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** Moves exact byte counts over loopback and remembers the ports, so tests can find each flow. */
final class LoopbackTraffic {
  private LoopbackTraffic() {}

  /** A TCP connection's two ends. */
  record TcpPair(int clientPort, int serverPort) {}

  /** Client sends {@code up} bytes, server answers {@code down} bytes, both close. */
  static TcpPair tcp(String host, int up, int down) throws IOException {
    InetAddress addr = InetAddress.getByName(host);
    try (ServerSocket server = new ServerSocket(0, 1, addr)) {
      try (Socket client = new Socket(addr, server.getLocalPort()); Socket accepted = server.accept()) {
        OutputStream out = client.getOutputStream();
        out.write(new byte[up]);
        out.flush();
        readFully(accepted.getInputStream(), up);
        accepted.getOutputStream().write(new byte[down]);
        readFully(client.getInputStream(), down);
        return new TcpPair(client.getLocalPort(), server.getLocalPort());
      }
    }
  }

  /** A connected UDP socket sends {@code count} datagrams of {@code size}; the peer receives them. */
  static int[] udpConnected(String host, int size, int count) throws IOException {
    InetAddress addr = InetAddress.getByName(host);
    try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress(addr, 0));
         DatagramChannel sender = DatagramChannel.open().bind(new InetSocketAddress(addr, 0))) {
      sender.connect(receiver.getLocalAddress());
      ByteBuffer in = ByteBuffer.allocate(65536);
      for (int i = 0; i < count; i++) {
        sender.write(ByteBuffer.allocate(size));
        in.clear();
        receiver.receive(in);
      }
      return new int[] {((InetSocketAddress) sender.getLocalAddress()).getPort(), ((InetSocketAddress) receiver.getLocalAddress()).getPort()};
    }
  }

  /** One unconnected socket (sendto) talks to each receiver in turn; returns its port. */
  static int udpUnconnected(DatagramSocket sender, DatagramSocket receiver, int size) throws IOException {
    sender.send(new DatagramPacket(new byte[size], size, receiver.getLocalSocketAddress()));
    DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
    receiver.receive(p);
    return sender.getLocalPort();
  }

  private static void readFully(InputStream in, int n) throws IOException {
    byte[] buf = new byte[65536];
    int got = 0;
    while (got < n) {
      int r = in.read(buf, 0, Math.min(buf.length, n - got));
      if (r < 0) {
        throw new IOException("peer closed after " + got + " of " + n + " bytes");
      }
      got += r;
    }
  }
}
