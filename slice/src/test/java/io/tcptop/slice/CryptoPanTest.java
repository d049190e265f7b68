package io.tcptop.slice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CryptoPanTest {
  static final byte[] KEY = "32-char-str-for-AES-key-and-pad.".getBytes(StandardCharsets.US_ASCII);

  static String map(CryptoPan c, String address) throws Exception {
    return InetAddress.getByAddress(c.map(InetAddress.getByName(address).getAddress())).getHostAddress();
  }

  /** The vectors the reference implementations publish for this key. */
  @Test
  void matchesThePublishedVectors() throws Exception {
    CryptoPan c = new CryptoPan(KEY);
    assertEquals("192.0.125.244", map(c, "192.0.2.1"));
    assertEquals(InetAddress.getByName("27fe:8bc7:fee:1e:1e1f:f0fe:f0e1:83fd"),
        InetAddress.getByName(map(c, "2001:db8::1")));
  }

  @Test
  void sharedPrefixesStaySharedAndNoLonger() {
    Random r = new Random(1);
    byte[] key = new byte[32];
    r.nextBytes(key);
    CryptoPan c = new CryptoPan(key);
    for (int len : new int[] {4, 16}) {
      for (int i = 0; i < 200; i++) {
        byte[] a = new byte[len];
        r.nextBytes(a);
        byte[] b = a.clone();
        int keep = r.nextInt(len * 8);
        // b shares exactly `keep` leading bits with a.
        for (int bit = keep; bit < len * 8; bit++) {
          if (bit == keep || r.nextBoolean()) {
            b[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
          }
        }
        assertEquals(commonPrefix(a, b), commonPrefix(c.map(a), c.map(b)));
      }
    }
  }

  @Test
  void theSameAddressAlwaysMapsAlikeAndOtherKeysMapOtherwise() {
    byte[] addr = {10, 1, 2, 3};
    assertArrayEquals(new CryptoPan(KEY).map(addr), new CryptoPan(KEY).map(addr));
    byte[] other = KEY.clone();
    other[0] ^= 1;
    assertNotEquals(java.util.Arrays.toString(new CryptoPan(KEY).map(addr)), java.util.Arrays.toString(new CryptoPan(other).map(addr)));
  }

  static int commonPrefix(byte[] a, byte[] b) {
    for (int bit = 0; bit < a.length * 8; bit++) {
      if (((a[bit / 8] ^ b[bit / 8]) & (0x80 >>> (bit % 8))) != 0) {
        return bit;
      }
    }
    return a.length * 8;
  }
}
