package io.tcptop.slice;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crypto-PAn (Xu, Fan, Ammar, Moon, ICNP 2002): a keyed, prefix-preserving permutation of IPv4
 * and IPv6 addresses. Two addresses that share a k-bit prefix map to two that share a k-bit
 * prefix, and the same address always maps to the same result under the same key.
 *
 * <p>Written here because no maintained implementation is published to Maven Central; it is a
 * few lines over the JDK's AES, and {@code CryptoPanTest} pins it to the published vectors of
 * the reference implementations.
 */
final class CryptoPan {
  private final Cipher aes;
  /** The 128-bit pad (AES of the key's second half), as two longs: most significant first. */
  private final long padHi;
  private final long padLo;
  private final byte[] block = new byte[16];

  /** @param key 32 bytes: the AES-128 key, then the pad's seed */
  CryptoPan(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("a Crypto-PAn key is 32 bytes, not " + key.length);
    }
    try {
      aes = Cipher.getInstance("AES/ECB/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 0, 16, "AES"));
      byte[] pad = aes.doFinal(key, 16, 16);
      padHi = longAt(pad, 0);
      padLo = longAt(pad, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is part of every JDK", e);
    }
  }

  /** Maps a 4-byte IPv4 or 16-byte IPv6 address (network order) to a new array of the same length. */
  byte[] map(byte[] address) {
    int bits = address.length * 8;
    if (bits != 32 && bits != 128) {
      throw new IllegalArgumentException("an address is 4 or 16 bytes, not " + address.length);
    }
    // The address left-aligned in 128 bits (an IPv4 address in the top 32).
    long hi = longAt(pad16(address), 0);
    long lo = longAt(pad16(address), 8);
    long flipHi = 0;
    long flipLo = 0;
    for (int pos = 0; pos < bits; pos++) {
      // The first pos bits of the address, the rest from the pad: one AES block per bit.
      long inHi = pos >= 64 ? hi : (hi & highMask(pos)) | (padHi & ~highMask(pos));
      long inLo = pos <= 64 ? padLo : (lo & highMask(pos - 64)) | (padLo & ~highMask(pos - 64));
      int bit = firstBitOfAes(inHi, inLo);
      if (pos < 64) {
        flipHi |= (long) bit << (63 - pos);
      } else {
        flipLo |= (long) bit << (127 - pos);
      }
    }
    byte[] out = new byte[address.length];
    byte[] flip = new byte[16];
    putLong(flip, 0, flipHi);
    putLong(flip, 8, flipLo);
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (address[i] ^ flip[i]);
    }
    return out;
  }

  private int firstBitOfAes(long hi, long lo) {
    putLong(block, 0, hi);
    putLong(block, 8, lo);
    try {
      byte[] out = aes.doFinal(block);
      return (out[0] >> 7) & 1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES on one block cannot fail", e);
    }
  }

  /** A mask of the top n bits of a long (0 <= n < 64). */
  private static long highMask(int n) {
    return n == 0 ? 0 : -1L << (64 - n);
  }

  private static byte[] pad16(byte[] address) {
    byte[] b = new byte[16];
    System.arraycopy(address, 0, b, 0, address.length);
    return b;
  }

  private static long longAt(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  private static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
