package io.tcptop.analyze.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where a report goes: a file that must not exist unless replacing it was asked for. It is
 * written next to its place under a temporary name and renamed at the end, so a failed run
 * never leaves half a page, and a replaced report stays whole until the new one is complete.
 */
public record ReportFile(Path path, boolean force) {

  /** Fails now, before any work, when the file cannot be written as asked. */
  public void check() {
    if (Files.isDirectory(path)) {
      throw ReportException.outputIsDirectory(path);
    }
    if (Files.exists(path) && !force) {
      throw ReportException.outputExists(path);
    }
    Path parent = parent();
    if (!Files.isDirectory(parent)) {
      throw ReportException.cannotWrite(path, new java.nio.file.NoSuchFileException(parent.toString()));
    }
  }

  /** @return the bytes written */
  public long write(String html) {
    check();
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    Path tmp = null;
    try {
      // Not createTempFile: its owner-only mode would stay on the report.
      tmp = parent().resolve("." + path.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
      }
      return bytes.length;
    } catch (IOException e) {
      throw ReportException.cannotWrite(path, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Only a leftover temporary file next to the report.
        }
      }
    }
  }

  private Path parent() {
    Path p = path.toAbsolutePath().getParent();
    return p == null ? Path.of("/") : p;
  }
}
