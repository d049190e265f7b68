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
 * committed golden file byte for byte. With -Dtcptop.regenerate=true it first rewrites the
 * synthetic journals and all golden files instead (see fixtures/README.md).
 */
class GoldenReplayTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");
  static final Path GOLDEN = FIXTURES.resolve("golden");
  static final boolean REGENERATE = Boolean.getBoolean("tcptop.regenerate");
  static final String[] FORMATS = {"text", "jsonl", "csv"};

  @BeforeAll
  static void regenerateWhenAsked() throws IOException {
    if (!REGENERATE) {
      return;
    }
    Files.createDirectories(GOLDEN);
    for (var e : Fixtures.all().entrySet()) {
      e.getValue().accept(FIXTURES.resolve(e.getKey()));
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
