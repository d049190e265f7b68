package io.tcptop.slice;

import io.tcptop.error.Messages;
import io.tcptop.error.TcptopException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret of a scrubbed slice: 64 random bytes, kept in a file readable by its owner only, as
 * 128 hexadecimal characters. Whoever has it can map an address they know to its scrubbed form
 * (and so recognise it), so it never leaves the host with the slice, and tcptop never prints it.
 */
public final class ScrubKey {
  private ScrubKey() {}

  static final int BYTES = 64;

  /** Reads a key file: a regular file (not a symlink) holding the key in hex. */
  public static byte[] load(Path file) {
    if (Files.isSymbolicLink(file)) {
      throw new TcptopException(file + " is a symbolic link: give the key file itself");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new TcptopException(file + ": no such key file; give one written by 'tcptop slice --scrub', or leave --key out to make one");
    }
    String text;
    try {
      text = Files.readString(file).strip();
    } catch (IOException e) {
      throw new TcptopException("cannot read the key file " + Messages.firstLine(e), e);
    }
    try {
      byte[] key = HexFormat.of().parseHex(text);
      if (key.length == BYTES) {
        return key;
      }
    } catch (IllegalArgumentException ignored) {
      // said below
    }
    throw new TcptopException(file + " is not a scrub key (" + 2 * BYTES + " hexadecimal characters): give one written by 'tcptop slice --scrub'");
  }

  /** Makes a new random key and writes it to a new file, owner-only from the moment it exists. */
  public static byte[] create(Path file) {
    byte[] key = new byte[BYTES];
    new SecureRandom().nextBytes(key);
    var attrs = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    try (SeekableByteChannel ch = Files.newByteChannel(file,
        java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), attrs)) {
      ch.write(ByteBuffer.wrap((HexFormat.of().formatHex(key) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new TcptopException(file + " exists: give it with --key to reuse that key, or choose another file");
    } catch (IOException e) {
      throw new TcptopException("cannot write the key file " + Messages.firstLine(e), e);
    }
    return key;
  }
}
