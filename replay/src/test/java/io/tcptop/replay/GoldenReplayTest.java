package io.tcptop.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.fixtures.Fixtures;
import io.tcptop.journal.JournalSource;
import io.tcptop.view.OutputFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every journal under fixtures/ in every format, twice, and compares the output with the
 * committed golden file byte for byte. With -Dtcptop.regenerate=true it first writes the synthetic
 * journals that do not exist yet and rewrites all golden files; the journals that exist are kept,
 * since they pin that journals of their (older) format versions still replay. With
 * -Dtcptop.regenerate=journals it rewrites the synthetic journals too, in the current format (see
 * fixtures/README.md).
 */
class GoldenReplayTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");
  static final Path GOLDEN = FIXTURES.resolve("golden");
  static final String REGENERATE_MODE = System.getProperty("tcptop.regenerate", "false");
  static final boolean REGENERATE = REGENERATE_MODE.equals("true") || REGENERATE_MODE.equals("journals");
  static final String[] FORMATS = {"text", "jsonl", "csv"};

  @BeforeAll
  static void regenerateWhenAsked() throws IOException {
    if (!REGENERATE) {
      return;
    }
    Files.createDirectories(GOLDEN);
    for (var e : Fixtures.all().entrySet()) {
      Path journal = FIXTURES.resolve(e.getKey());
      if (REGENERATE_MODE.equals("journals") || !Files.exists(journal)) {
        e.getValue().accept(journal);
      }
    }
    for (Path journal : journals()) {
      for (String format : FORMATS) {
        Files.writeString(golden(journal, format), replay(journal, format), StandardCharsets.UTF_8);
      }
    }
  }

  @TestFactory
  List<DynamicTest> everyFixtureReplaysToItsGoldenOutputInEveryFormat() throws IOException {
    List<Path> journals = journals();
    assertTrue(journals.size() >= Fixtures.all().size(), "fixtures missing under " + FIXTURES);
    List<DynamicTest> tests = new ArrayList<>();
    for (Path journal : journals) {
      for (String format : FORMATS) {
        tests.add(DynamicTest.dynamicTest(journal.getFileName() + " --format " + format, () -> {
          String expected = Files.readString(golden(journal, format), StandardCharsets.UTF_8);
          String first = replay(journal, format);
          String second = replay(journal, format);
          assertFalse(expected.isEmpty(), "golden file is empty");
          assertEquals(expected, first, "replay differs from " + golden(journal, format));
          assertEquals(first, second, "two replays of the same journal differ");
        }));
      }
    }
    return tests;
  }

  /** Journals written before format 3 know no owner cgroup or namespace: those fields are empty, nothing else changed. */
  @TestFactory
  List<DynamicTest> journalsBeforeFormat3HaveEmptyCgroupContainerAndNetns() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path journal : journals()) {
      int version;
      try (JournalSource source = JournalSource.open(journal)) {
        version = source.formatVersion();
      }
      if (version >= 3) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(journal.getFileName() + " (format " + version + ")", () -> {
        for (String line : replay(journal, "jsonl").lines().toList()) {
          assertTrue(line.endsWith(",\"closed\":false,\"cgroup\":null,\"container\":null,\"netns\":null}")
              || line.endsWith(",\"closed\":true,\"cgroup\":null,\"container\":null,\"netns\":null}"), line);
        }
        for (String line : replay(journal, "csv").lines().skip(1).toList()) {
          assertTrue(line.endsWith(",,,"), line);
        }
      }));
    }
    assertTrue(tests.size() >= 2, "fixtures of formats 1 and 2 are kept");
    return tests;
  }

  /** What {@code tcptop replay JOURNAL --format FORMAT} prints on stdout. */
  static String replay(Path journal, String format) {
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out); JournalSource source = JournalSource.open(journal)) {
      Replay.run(source, OutputFormat.valueOf(format).view(w), Replay.Options.DEFAULT);
    }
    return out.toString();
  }

  static List<Path> journals() throws IOException {
    try (Stream<Path> s = Files.list(FIXTURES)) {
      return s.filter(p -> Files.isDirectory(p) && !p.equals(GOLDEN) && hasJournalFiles(p)).sorted().toList();
    }
  }

  private static boolean hasJournalFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.toString().endsWith(".cq4"));
    } catch (IOException e) {
      return false;
    }
  }

  static Path golden(Path journal, String format) {
    return GOLDEN.resolve(journal.getFileName() + "." + format);
  }
}
