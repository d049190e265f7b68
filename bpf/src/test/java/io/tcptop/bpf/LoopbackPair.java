package io.tcptop.bpf;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A traffic generator for tests that run it in other cgroups and network namespaces: a loopback
 * TCP connection to itself on {@code PORT} (a server and a client in this process), the client
 * sending {@code OUT} bytes and the server answering {@code IN} bytes, then both closed. With
 * {@code wait}, it connects, prints {@code connected} and waits for a line on stdin before moving
 * any byte (a connection that exists before a recording starts). Prints {@code done CLIENT_PORT}.
 *
 * <p>Usage: {@code LoopbackPair PORT OUT IN [wait]}
 */
public final class LoopbackPair {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int out = Integer.parseInt(args[1]);
        int in = Integer.parseInt(args[2]);
        boolean wait = args.length > 3 && args[3].equals("wait");
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (ServerSocket listener = new ServerSocket(port, 1, lo);
             Socket client = new Socket(lo, port);
             Socket server = listener.accept()) {
            if (wait) {
                System.out.println("connected");
                System.out.flush();
                new String(System.in.readNBytes(1), StandardCharsets.UTF_8);
            }
            OutputStream toServer = client.getOutputStream();
            toServer.write(new byte[out]);
            toServer.flush();
            readFully(server.getInputStream(), out);
            server.getOutputStream().write(new byte[in]);
            readFully(client.getInputStream(), in);
            System.out.println("done " + client.getLocalPort());
            System.out.flush();
        }
    }

    private static void readFully(InputStream s, int n) throws Exception {
        if (s.readNBytes(n).length != n) {
            throw new IllegalStateException("connection closed early");
        }
    }
}
