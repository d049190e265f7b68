package io.tcptop.cli.metrics;

import io.tcptop.error.UsageException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where {@code record --metrics} listens: {@code ADDR:PORT}, {@code [V6]:PORT}, or a port alone,
 * which means the loopback address (metrics say which processes talk, and how much: they stay
 * on the host unless an address is given). Addresses are IP literals or {@code localhost}: the
 * DNS is never asked.
 */
public record MetricsAddress(InetAddress address, int port) {

  public static MetricsAddress parse(String text) {
    String t = text.strip();
    String host;
    String port;
    int colon = t.lastIndexOf(':');
    if (colon < 0) {
      host = "localhost";
      port = t;
    } else {
      host = t.substring(0, colon);
      port = t.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.contains(":")) {
        throw bad(text, "write an IPv6 address in brackets, e.g. [::1]:9464");
      }
    }
    return new MetricsAddress(address(text, host), port(text, port));
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(address, port);
  }

  @Override
  public String toString() {
    String a = address.getHostAddress();
    return (a.contains(":") ? "[" + a + "]" : a) + ":" + port;
  }

  private static InetAddress address(String text, String host) {
    if (host.isEmpty() || host.equals("localhost")) {
      return InetAddress.getLoopbackAddress();
    }
    try {
      return InetAddress.ofLiteral(host);
    } catch (IllegalArgumentException e) {
      throw bad(text, "'" + host + "' is not an IP address; give one of this host's addresses, e.g. 127.0.0.1:9464");
    }
  }

  private static int port(String text, String port) {
    try {
      int p = Integer.parseInt(port);
      if (p >= 1 && p <= 65_535) {
        return p;
      }
    } catch (NumberFormatException ignored) {
      // said below
    }
    throw bad(text, "the port must be a number from 1 to 65535, e.g. 127.0.0.1:9464 or 9464");
  }

  private static UsageException bad(String text, String what) {
    return new UsageException("--metrics " + text + ": " + what);
  }
}
