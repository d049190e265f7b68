package io.tcptop.analyze.export;

import io.tcptop.analyze.AnalyzeException;
import io.tcptop.analyze.parquet.FileModes;
import io.tcptop.analyze.parquet.Layout;
import io.tcptop.util.OutputPaths;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The output directory of an export and its temporary twin. Files are written below the twin, a
 * hidden sibling on the same file system; {@link #commit()} writes {@code _SUCCESS} and renames
 * the twin into place, replacing an earlier export only when asked to, and only one that tcptop
 * wrote ({@link ExportMarker}). The twin stays owner-only until then, whatever the export's
 * {@link FileModes}: nobody else can look at an export before it is complete.
 */
final class ExportDirectory {
  private final Path target;
  private final Path temporary;
  private final boolean replace;
  private final FileModes modes;
  /** Removes the temporary twin if the process is stopped (Ctrl-C) before the export ends. */
  private final Thread onInterrupt;

  private ExportDirectory(Path target, Path temporary, boolean replace, FileModes modes) {
    this.target = target;
    this.temporary = temporary;
    this.replace = replace;
    this.modes = modes;
    this.onInterrupt = new Thread(this::deleteQuietly, "tcptop-export-cleanup");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
  }

  static ExportDirectory prepare(Path target, boolean force, FileModes modes) {
    OutputPaths.refuseSymlink(target);
    boolean replace = false;
    if (Files.exists(target)) {
      if (!Files.isDirectory(target)) {
        throw AnalyzeException.cannotWrite(target, new IOException("it is a file, not a directory"));
      }
      if (!isEmpty(target)) {
        if (!force) {
          throw AnalyzeException.outputExists(target);
        }
        if (!ExportMarker.isPresent(target)) {
          throw AnalyzeException.notAnExport(target);
        }
      }
      replace = true;
    }
    Path parent = target.getParent();
    Path temporary = parent.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      modes.createDirectories(parent);
      FileModes.ownerOnly().createDirectory(temporary);
    } catch (IOException e) {
      throw AnalyzeException.cannotWrite(target, e);
    }
    return new ExportDirectory(target, temporary, replace, modes);
  }

  Path temporary() {
    return temporary;
  }

  void commit(Layout layout) {
    forgetHook();
    try {
      ExportMarker.write(temporary, modes, layout);
      modes.writeFile(temporary.resolve(Exporter.SUCCESS), "");
      modes.openToGroup(temporary);
      if (replace) {
        Path old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID().toString().substring(0, 8));
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
      } else {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw AnalyzeException.cannotWrite(target, e);
    }
  }

  /** Removes the temporary twin after a failure; the target is left as it was. */
  void discard() {
    forgetHook();
    deleteQuietly();
  }

  private void deleteQuietly() {
    try {
      deleteTree(temporary);
    } catch (IOException | RuntimeException ignored) {
      // The first failure is the one to report; a hidden .tmp- directory never looks complete.
    }
  }

  private void forgetHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(onInterrupt);
    } catch (IllegalStateException alreadyExiting) {
      // The hook runs anyway.
    }
  }


  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw AnalyzeException.cannotWrite(dir, e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
