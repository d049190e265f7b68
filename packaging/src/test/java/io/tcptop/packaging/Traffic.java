package io.tcptop.packaging;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Known loopback TCP traffic from one thread whose name the kernel reports as the process name
 * (comm), through a listener on a port the recorder filters on.
 */
final class Traffic implements AutoCloseable {
  final String comm;
  final ExecutorService io;
  final ServerSocket listener;

  Traffic(String comm) throws Exception {
    this.comm = comm;
    this.io = Executors.newSingleThreadExecutor(r -> new Thread(r, comm));
    this.listener = io.submit(() -> new ServerSocket(0, 8, InetAddress.getLoopbackAddress())).get();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** A connection: the client sends {@code up} bytes, the server answers {@code down}, both close; returns the client's port. */
  int exchange(int up, int down) throws Exception {
    return call(() -> {
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port()); Socket server = listener.accept()) {
        client.getOutputStream().write(new byte[up]);
        server.getInputStream().readNBytes(up);
        server.getOutputStream().write(new byte[down]);
        client.getInputStream().readNBytes(down);
        return client.getLocalPort();
      }
    });
  }

  /** A connection left open (made before a recording starts, say). */
  Socket[] open() throws Exception {
    return call(() -> new Socket[] {new Socket(InetAddress.getLoopbackAddress(), port()), listener.accept()});
  }

  /** {@code bytes} from the first end of {@code pair} to the second. */
  void send(Socket[] pair, int bytes) throws Exception {
    call(() -> {
      pair[0].getOutputStream().write(new byte[bytes]);
      pair[1].getInputStream().readNBytes(bytes);
      return null;
    });
  }

  interface IoCall<T> {
    T call() throws IOException;
  }

  <T> T call(IoCall<T> c) throws Exception {
    try {
      return io.submit(c::call).get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    io.shutdownNow();
  }
}
