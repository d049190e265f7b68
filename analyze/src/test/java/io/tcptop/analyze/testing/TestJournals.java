package io.tcptop.analyze.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The journals tests run over: every journal directory under the repository's {@code fixtures/}
 * (found through the {@code tcptop.repoRoot} property surefire sets) and a set generated here,
 * once per test JVM, under {@code target/test-journals}.
 */
public final class TestJournals {
  private TestJournals() {}

  /** 2026-11-26T00:00:00Z in epoch nanoseconds. */
  public static final long MIDNIGHT = 1_795_651_200_000_000_000L;

  private static Map<String, Path> generated;

  /** Generated journals by name. */
  public static synchronized Map<String, Path> generated() {
    if (generated == null) {
      Path dir = Path.of("target", "test-journals").toAbsolutePath();
      deleteTree(dir);
      Map<String, Path> m = new LinkedHashMap<>();
      m.put("mixed", SyntheticJournal.write(dir.resolve("mixed"), SyntheticJournal.Spec.small("web-01", 1)));
      m.put("killed", SyntheticJournal.write(dir.resolve("killed"),
          SyntheticJournal.Spec.small("web-01", 2).withCleanEnd(false)));
      m.put("midnight", SyntheticJournal.write(dir.resolve("midnight"),
          SyntheticJournal.Spec.small("db-01", 3).withStart(MIDNIGHT - 9_000_000_000L)));
      m.put("busy", SyntheticJournal.write(dir.resolve("busy"),
          SyntheticJournal.Spec.small("web-02", 4).withFlows(60).withRecords(30_000)));
      m.put("idle", SyntheticJournal.write(dir.resolve("idle"),
          SyntheticJournal.Spec.small("idle", 5).withFlows(0).withRecords(2)));
      generated = m;
    }
    return generated;
  }

  /** Journal directories under fixtures/ (not fixtures/golden), by directory name. */
  public static Map<String, Path> fixtures() {
    Map<String, Path> m = new LinkedHashMap<>();
    Path fixtures = repoRoot().resolve("fixtures");
    if (!Files.isDirectory(fixtures)) {
      return m;
    }
    try (Stream<Path> s = Files.list(fixtures)) {
      for (Path p : s.sorted().toList()) {
        if (!p.getFileName().toString().equals("golden") && isJournal(p)) {
          m.put("fixture " + p.getFileName(), p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  /** Fixtures first, then the generated journals. */
  public static Map<String, Path> all() {
    Map<String, Path> m = new LinkedHashMap<>(fixtures());
    m.putAll(generated());
    return m;
  }

  public static Path repoRoot() {
    return Path.of(System.getProperty("tcptop.repoRoot", "..")).toAbsolutePath().normalize();
  }

  static boolean isJournal(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
    } catch (IOException e) {
      return false;
    }
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(s.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
