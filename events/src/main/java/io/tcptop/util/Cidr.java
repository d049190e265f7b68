package io.tcptop.util;

import io.tcptop.error.UsageException;

/**
 * An address block as people write it: 10.0.0.0/8, 2001:db8::/32, or one address (a /32 or
 * /128). An IPv4 block also matches the IPv4-mapped form of its addresses (::ffff:10.1.2.3), the
 * way a dual-stack socket shows an IPv4 peer.
 */
public record Cidr(byte[] network, int prefixBits, String text) {

  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String addr = slash < 0 ? text : text.substring(0, slash);
    boolean v6 = addr.indexOf(':') >= 0;
    byte[] raw;
    try {
      raw = Addresses.parse(addr, v6 ? 6 : 4);
    } catch (IllegalArgumentException e) {
      throw new UsageException("'" + text + "' is not an address block: use e.g. 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32");
    }
    int max = v6 ? 128 : 32;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > max) {
        throw new UsageException("'" + text + "' is not an address block: its prefix length must be 0 to " + max);
      }
    }
    byte[] net = v6 ? raw : java.util.Arrays.copyOf(raw, 4);
    return new Cidr(net, bits, text);
  }

  /** Whether an address of a socket of this family (4 or 6) lies in the block. */
  public boolean contains(String literal, int family) {
    byte[] a = Addresses.parse(literal, family);
    if (network.length == 4) {
      if (family == 4) {
        return prefixMatches(a, 0);
      }
      return isV4Mapped(a) && prefixMatches(a, 12);
    }
    return family == 6 && prefixMatches(a, 0);
  }

  private boolean prefixMatches(byte[] a, int offset) {
    int full = prefixBits / 8;
    for (int i = 0; i < full; i++) {
      if (a[offset + i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[offset + full] & mask) == (network[full] & mask);
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
  }

  @Override
  public String toString() {
    return text;
  }
}
