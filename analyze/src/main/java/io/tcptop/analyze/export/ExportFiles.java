package io.tcptop.analyze.export;

import io.tcptop.analyze.AnalyzeException;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.parquet.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of an export's datasets, by session. tcptop names every data file
 * {@code part-<session>-<n>.parquet} (the session escaped as a path segment) inside
 * {@code key=value} partition directories; names starting with '.' or '_' are hidden, as Spark and
 * Hadoop treat them (an append's files in flight, {@code _SUCCESS}). Anything else in a dataset
 * is foreign: DuckDB's {@code *.parquet} glob and Spark would read a stray copy
 * ({@code part-…-0 (1).parquet}) or another tool's output as more rows, so it is refused
 * rather than counted.
 */
public final class ExportFiles {
  private ExportFiles() {}

  private static final Pattern DATA_FILE = Pattern.compile("part-(.+)-([0-9]+)\\.parquet");

  /** One export's files: for each escaped session id, its files in every dataset. */
  public record Listing(Map<String, List<Path>> bySession) {

    /** The escaped ids of the sessions whose {@code sessions} row is in the export. */
    public List<String> completeSessions() {
      List<String> ids = new ArrayList<>();
      for (var e : bySession.entrySet()) {
        if (e.getValue().stream().anyMatch(ExportFiles::inSessionsDataset)) {
          ids.add(e.getKey());
        }
      }
      return ids;
    }

    public List<Path> files(String escapedSession) {
      return bySession.getOrDefault(escapedSession, List.of());
    }
  }

  /** Lists the export's data files; fails naming the first foreign file or directory. */
  public static Listing list(Path root) {
    Map<String, List<Path>> bySession = new LinkedHashMap<>();
    for (Table t : Tables.ALL) {
      Path dataset = root.resolve(t.name());
      if (!Files.isDirectory(dataset)) {
        continue;
      }
      walk(root, dataset, bySession);
    }
    return new Listing(bySession);
  }

  /** Fails if anything in the export's datasets is not tcptop's. */
  public static void requireOnlyOwn(Path root) {
    list(root);
  }

  /** The escaped session id a data file's name carries, or null for a name tcptop does not write. */
  static String sessionOf(String fileName) {
    Matcher m = DATA_FILE.matcher(fileName);
    return m.matches() ? m.group(1) : null;
  }

  static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  static boolean inSessionsDataset(Path file) {
    for (Path p = file.getParent(); p != null; p = p.getParent()) {
      if (p.getFileName() != null && p.getFileName().toString().equals(Tables.SESSIONS.name())) {
        return true;
      }
    }
    return false;
  }

  private static void walk(Path root, Path dataset, Map<String, List<Path>> bySession) {
    try {
      Files.walkFileTree(dataset, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (dir.equals(dataset)) {
            return FileVisitResult.CONTINUE;
          }
          String name = dir.getFileName().toString();
          if (hidden(name)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (name.indexOf('=') <= 0) {
            throw foreign(root, dir, "a directory that is not a key=value partition");
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          String name = file.getFileName().toString();
          if (hidden(name)) {
            return FileVisitResult.CONTINUE;
          }
          String session = attrs.isRegularFile() ? sessionOf(name) : null;
          if (session == null) {
            throw foreign(root, file, "not a file tcptop writes");
          }
          bySession.computeIfAbsent(session, k -> new ArrayList<>()).add(file);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw AnalyzeException.io("list " + dataset, e);
    }
  }

  private static AnalyzeException foreign(Path root, Path p, String what) {
    return AnalyzeException.foreignFile(root, p, what);
  }

  /** The escaped form of a session id, as file names carry it. */
  static String escaped(String session) {
    return Partitioning.escape(session);
  }
}
