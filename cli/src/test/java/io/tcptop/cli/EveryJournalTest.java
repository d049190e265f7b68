package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.testing.TestJournals;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command works on every fixture journal and every generated one, and on its export. */
class EveryJournalTest {

  @TempDir Path tmp;

  static Stream<Arguments> journals() {
    return TestJournals.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("journals")
  void everyCommandRunsOnTheJournalAndOnItsExport(String name, Path journal) {
    Path out = tmp.resolve("export");
    var export = Cli.analyze("export", journal.toString(), "-o", out.toString(), "--partition-by", "host,date");
    assertEquals(0, export.exit(), name + ": " + export.err());
    assertTrue(export.err().startsWith("exported 1 journal to "), export.err());
    for (String source : List.of(journal.toString(), out.toString())) {
      for (List<String> args : List.of(
          List.of("sql", source, "SELECT count(*) FROM events"),
          List.of("top", source, "--by", "bytes"),
          List.of("top", source, "--by", "rate"),
          List.of("top", source, "--by", "rtt"),
          List.of("top", source, "--by", "lifetime"),
          List.of("timeline", source, "--by", "process"),
          List.of("timeline", source, "--by", "connection", "--bucket", "100ms", "--format", "jsonl"),
          List.of("summary", source))) {
        var r = Cli.analyze(args.toArray(String[]::new));
        assertEquals(0, r.exit(), name + ": " + args + ": " + r.err());
        assertTrue(r.err().isEmpty(), name + ": " + args + ": " + r.err());
      }
    }
  }
}
