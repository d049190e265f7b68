package io.tcptop.analyze.report;

import io.tcptop.analyze.parquet.FileModes;
import io.tcptop.util.OutputPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Where a report goes. A report says who talked to whom, so it is created readable by its owner
 * only (0600), or by one group too ({@link FileModes}), with that mode from its first byte. It is
 * written under a new hidden name next to its place (created exclusively: a link planted there is
 * not followed) and renamed into place at the end, which replaces the directory entry itself: a
 * failed run never leaves half a page, and a link swapped in at {@code path} is replaced, never
 * written through. An existing file is replaced only when asked, and only a report tcptop wrote.
 */
public record ReportFile(Path path, boolean force, FileModes modes) {

  /** What every report begins with (report.html): how --force knows a file is one. */
  static final String SIGNATURE = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"tcptop ";

  public ReportFile(Path path, boolean force) {
    this(path, force, FileModes.ownerOnly());
  }

  /** Fails now, before any work, when the file cannot be written as asked. */
  public void check() {
    OutputPaths.refuseSymlink(path);
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      throw ReportException.outputIsDirectory(path);
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      if (!force) {
        throw ReportException.outputExists(path);
      }
      if (!isReport(path)) {
        throw ReportException.notAReport(path);
      }
    }
    Path parent = parent();
    if (!Files.isDirectory(parent)) {
      throw ReportException.cannotWrite(path, new NoSuchFileException(parent.toString()));
    }
  }

  /** @return the bytes written */
  public long write(String html) {
    check();
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    Path tmp = parent().resolve("." + path.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    boolean created = false;
    try {
      try (FileChannel c = modes.createFile(tmp)) {
        created = true;
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          c.write(b);
        }
        c.force(false);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      created = false;
      return bytes.length;
    } catch (IOException e) {
      throw ReportException.cannotWrite(path, e);
    } finally {
      if (created) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Only a hidden leftover next to the report; the error that matters is already on its way.
        }
      }
    }
  }

  /** Whether {@code file} is a regular file (not a link) that begins as tcptop's reports do. */
  static boolean isReport(Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    byte[] start = SIGNATURE.getBytes(StandardCharsets.UTF_8);
    try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return java.util.Arrays.equals(in.readNBytes(start.length), start);
    } catch (IOException e) {
      return false;
    }
  }

  private Path parent() {
    Path p = path.toAbsolutePath().getParent();
    return p == null ? Path.of("/") : p;
  }
}
