package io.tcptop.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/** What a journal directory holds on disk: Chronicle cycle files (.cq4) and its table (.cq4t). */
final class JournalFiles {
  private JournalFiles() {}

  static final String TABLE = "metadata.cq4t";

  static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.endsWith(".cq4") || n.endsWith(".cq4t");
      }).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static boolean looksLikeJournal(Path dir) {
    return !list(dir).isEmpty();
  }

  static boolean hasCycleFiles(Path dir) {
    return list(dir).stream().anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
  }

  static void deleteJournalFiles(Path dir) throws IOException {
    for (Path p : list(dir)) {
      Files.deleteIfExists(p);
    }
  }

  static void restrictToOwner(Path dir) {
    for (Path p : list(dir)) {
      try {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
      } catch (IOException | UnsupportedOperationException ignored) {
        // The directory is already owner-only; the files' own bits are a second fence.
      }
    }
  }

  /** The first store file Chronicle must not be given, with the reason; null when all are fine. */
  static String firstUnsafeStore(Path dir) {
    for (Path p : list(dir)) {
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
}
