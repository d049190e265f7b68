package io.tcptop.util;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address text the way people write it: dotted IPv4, RFC 5952 compressed IPv6. */
public final class Addresses {
  private Addresses() {}

  private static final java.util.regex.Pattern V4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final java.util.regex.Pattern V6 = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+");

  /** Formats 16 bytes of a socket address; family 4 uses the first four bytes. */
  public static String format(byte[] addr, int family) {
    if (family == 4) {
      return (addr[0] & 0xff) + "." + (addr[1] & 0xff) + "." + (addr[2] & 0xff) + "." + (addr[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((addr[2 * i] & 0xff) << 8) | (addr[2 * i + 1] & 0xff);
    }
    if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
        && groups[5] == 0xffff) {
      return "::ffff:" + (addr[12] & 0xff) + "." + (addr[13] & 0xff) + "." + (addr[14] & 0xff) + "." + (addr[15] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952: a single zero group is not compressed
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  /** The 16-byte form of an address literal (never a DNS lookup): v4 in the first four bytes. */
  public static byte[] parse(String literal, int family) {
    // Only literals: InetAddress would look up anything else in the DNS.
    if (!(literal.indexOf(':') >= 0 ? V6.matcher(literal).matches() : V4.matcher(literal).matches())) {
      throw new IllegalArgumentException("not an address literal: " + literal);
    }
    byte[] raw;
    try {
      raw = InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal: " + literal, e);
    }
    byte[] out = new byte[16];
    if (raw.length == 4 && family == 6) {
      // Java folds ::ffff:a.b.c.d into an IPv4 address; keep the socket's v6 form.
      out[10] = (byte) 0xff;
      out[11] = (byte) 0xff;
      System.arraycopy(raw, 0, out, 12, 4);
    } else {
      System.arraycopy(raw, 0, out, 0, raw.length);
    }
    return out;
  }

  /** "host:port", with brackets around IPv6 hosts. */
  public static String endpoint(String addr, int port) {
    return addr.indexOf(':') >= 0 ? "[" + addr + "]:" + port : addr + ":" + port;
  }
}
