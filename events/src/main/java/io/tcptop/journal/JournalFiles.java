package io.tcptop.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a journal directory holds on disk: Chronicle cycle files ({@code .cq4}), its table
 * ({@code metadata.cq4t}), and while a recorder runs, the next cycle file allocated ahead of need
 * ({@code .precreated}, which Chronicle renames when it gets there).
 */
final class JournalFiles {
  private JournalFiles() {}

  static final String TABLE = "metadata.cq4t";
  static final String PRECREATED = ".precreated";

  /** The store files a reader hands to Chronicle, in cycle order. */
  static List<Path> stores(Path dir) {
    return list(dir, n -> n.endsWith(".cq4") || n.endsWith(".cq4t"));
  }

  /** Everything a writer owns in the directory: stores and files allocated ahead. */
  static List<Path> written(Path dir) {
    return list(dir, n -> n.endsWith(".cq4") || n.endsWith(".cq4t") || n.endsWith(PRECREATED));
  }

  static boolean looksLikeJournal(Path dir) {
    return !written(dir).isEmpty();
  }

  static boolean hasCycleFiles(Path dir) {
    return stores(dir).stream().anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
  }

  /** Deletes what a writer wrote; a link is removed as a link, never followed. */
  static void deleteWritten(Path dir) throws IOException {
    for (Path p : written(dir)) {
      Files.deleteIfExists(p);
    }
  }

  /** The first store file Chronicle must not be given, with the reason; null when all are fine. */
  static String firstUnsafeStore(Path dir) {
    for (Path p : stores(dir)) {
      String problem = StoreHeaders.problem(p);
      if (problem != null && p.getFileName().toString().equals(TABLE)) {
        // The table only speeds Chronicle up: without it, Chronicle lists the cycle files itself.
        return p.getFileName() + " " + problem + "; move it out of the directory to read the journal without it";
      }
      if (problem != null) {
        return p.getFileName() + " " + problem;
      }
    }
    return null;
  }

  private static List<Path> list(Path dir, java.util.function.Predicate<String> names) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> names.test(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
