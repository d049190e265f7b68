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

  private static final byte[] STORE_HEADER = "header".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * The first cycle file that does not start like a Chronicle Queue store, or null. Chronicle
   * itself waits seconds on such files before giving up, so tcptop checks first.
   */
  static Path firstForeignCycleFile(Path dir) {
    for (Path p : list(dir)) {
      if (!p.getFileName().toString().endsWith(".cq4")) {
        continue;
      }
      byte[] head = new byte[32];
      int n;
      try (var in = Files.newInputStream(p)) {
        n = in.readNBytes(head, 0, head.length);
      } catch (IOException e) {
        return p;
      }
      int first = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
      boolean metadataHeader = (first & 0x40000000) != 0 && (first & 0x80000000) == 0;
      boolean named = n == head.length && java.util.Arrays.equals(head, 6, 12, STORE_HEADER, 0, STORE_HEADER.length);
      if (!metadataHeader || !named) {
        return p;
      }
    }
    return null;
  }
}
