package io.tcptop.analyze.sql;

import io.tcptop.analyze.AnalyzeException;
import io.tcptop.analyze.export.EventRowSet;
import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.FileModes;
import io.tcptop.analyze.parquet.Layout;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.parquet.TimestampUnit;
import io.tcptop.event.EventSource;
import io.tcptop.journal.JournalSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a SOURCE argument names: a journal, an export directory, or a glob matching any mix of
 * them. Journals are exported on the fly into a temporary directory that {@link #close()}
 * removes again.
 */
public final class Sources implements AutoCloseable {
  private final List<ExportSource> exports;
  private final Path temporary;
  private final Thread cleanup;
  private Map<Path, EventSource.Outcome> damaged = Map.of();

  private Sources(List<ExportSource> exports, Path temporary) {
    this.exports = exports;
    this.temporary = temporary;
    this.cleanup = temporary == null ? null : new Thread(() -> delete(temporary), "tcptop-cleanup");
    if (cleanup != null) {
      Runtime.getRuntime().addShutdownHook(cleanup);
    }
  }

  public static Sources resolve(String source, Progress progress) {
    return resolve(source, progress, null);
  }

  /** @param temporaryParent where to export journals; null for the system's temporary directory */
  public static Sources resolve(String source, Progress progress, Path temporaryParent) {
    return resolve(source, progress, temporaryParent, EventRowSet.ALL);
  }

  /**
   * @param temporaryParent where to export journals; null for the system's temporary directory
   * @param eventRows which of a journal's records the temporary export writes as events rows
   */
  public static Sources resolve(String source, Progress progress, Path temporaryParent, EventRowSet eventRows) {
    List<Path> journals = new ArrayList<>();
    List<ExportSource> exports = new ArrayList<>();
    for (Path p : expand(source)) {
      if (isJournal(p)) {
        journals.add(p);
      } else if (ExportSource.looksLikeExport(p)) {
        exports.add(ExportSource.of(p));
      } else {
        throw AnalyzeException.notASource(p);
      }
    }
    if (journals.isEmpty()) {
      return new Sources(exports, null);
    }
    Path temporary;
    try {
      temporary = temporaryParent == null
          ? Files.createTempDirectory("tcptop-analyze-")
          : Files.createTempDirectory(temporaryParent, "tcptop-analyze-");
    } catch (IOException e) {
      throw AnalyzeException.io("create a temporary directory for the export", e);
    }
    Sources sources = new Sources(exports, temporary);
    try {
      Path out = temporary.resolve("export");
      // Uncompressed: read once, here, and removed (Layout says what that saves).
      Layout layout = new Layout(Partitioning.NONE, TimestampUnit.NANOS, false);
      sources.damaged = Exporter.export(journals, out, new Exporter.Options(layout, false, FileModes.ownerOnly(), eventRows), progress).damaged();
      exports.add(ExportSource.of(out));
      return sources;
    } catch (RuntimeException e) {
      sources.close();
      throw e;
    }
  }

  public List<ExportSource> exports() {
    return exports;
  }

  /** The journals of the SOURCE that were exported past damaged parts, with what was skipped. */
  public Map<Path, EventSource.Outcome> damaged() {
    return damaged;
  }

  /** Removes the temporary export of journals, if there is one. */
  @Override
  public void close() {
    if (temporary != null) {
      delete(temporary);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException alreadyExiting) {
        // The hook runs anyway.
      }
    }
  }

  static boolean isJournal(Path dir) {
    return JournalSource.looksLikeJournal(dir);
  }

  /** The paths a SOURCE names: itself, or what its glob matches, sorted. */
  static List<Path> expand(String source) {
    if (!hasGlob(source)) {
      Path p = Path.of(source);
      if (!Files.exists(p)) {
        throw AnalyzeException.noSuchSource(source);
      }
      return List.of(p);
    }
    Path pattern = Path.of(source).toAbsolutePath().normalize();
    Path base = pattern.getRoot();
    for (Path segment : pattern) {
      if (hasGlob(segment.toString())) {
        break;
      }
      base = base.resolve(segment);
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    List<Path> found = new ArrayList<>();
    int depth = source.contains("**") ? Integer.MAX_VALUE : pattern.getNameCount() - base.getNameCount();
    if (Files.isDirectory(base)) {
      walk(base, depth, matcher, found);
    }
    if (found.isEmpty()) {
      throw AnalyzeException.noMatch(source);
    }
    found.sort(null);
    return found;
  }

  private static void walk(Path base, int depth, PathMatcher matcher, List<Path> found) {
    try {
      Files.walkFileTree(base, java.util.Set.of(), depth, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (!dir.equals(base) && matcher.matches(dir) && (isJournal(dir) || ExportSource.looksLikeExport(dir))) {
            found.add(dir);
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          // At the depth limit directories arrive here rather than in preVisitDirectory.
          if (attrs.isDirectory() && matcher.matches(file) && (isJournal(file) || ExportSource.looksLikeExport(file))) {
            found.add(file);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw AnalyzeException.io("search " + base, e);
    }
  }

  private static boolean hasGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }

  private static void delete(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException | UncheckedIOException ignored) {
      // Best effort: it is below the system's temporary directory.
    }
  }
}
