package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.testing.TestJournals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'analyze sql' never lets DuckDB install or load an extension by itself: a query that needs
 * one fails in one line, nothing is downloaded into the user's home, and a query cannot turn
 * automatic loading back on. Run as its own process, with a home directory of its own to watch.
 */
class DuckDbExtensionsTest {
  @TempDir static Path tmp;
  static Path export;

  @BeforeAll
  static void anExport() {
    export = tmp.resolve("export");
    Exporter.export(List.of(TestJournals.generated().get("mixed")), export,
        new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
  }

  private static Cli.Result sql(Path home, String query) throws Exception {
    Files.createDirectories(home);
    return TcptopProcess.run(Map.of("HOME", home.toString()), "analyze", "sql", export.toString(), query);
  }

  private static void assertNothingInstalled(Path home) throws Exception {
    try (Stream<Path> s = Files.walk(home)) {
      assertEquals(List.of(home), s.toList(), "DuckDB wrote into the home directory");
    }
  }

  @Test
  void aFunctionOfAnExtensionThatIsNotLoadedFailsInOneLineWithoutInstallingIt() throws Exception {
    Path home = tmp.resolve("home-excel");
    Cli.Result r = sql(home, "SELECT * FROM read_xlsx('" + tmp.resolve("book.xlsx") + "')");
    assertEquals(1, r.exit(), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().startsWith("tcptop: Catalog Error: Table Function with name \"read_xlsx\" is not in the catalog, "
        + "but it exists in the excel extension."), r.err());
    assertNothingInstalled(home);
  }

  @Test
  void aRemoteFileNeedsAnExtensionThatIsNotFetched() throws Exception {
    Path home = tmp.resolve("home-https");
    Cli.Result r = sql(home, "SELECT * FROM read_csv('https://example.invalid/data.csv')");
    assertEquals(1, r.exit(), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().contains("requires the extension httpfs to be loaded"), r.err());
    assertNothingInstalled(home);
  }

  @Test
  void aQueryCannotTurnAutomaticLoadingBackOn() throws Exception {
    Path home = tmp.resolve("home-set");
    Cli.Result r = sql(home, "SET autoinstall_known_extensions = true; SET autoload_known_extensions = true; "
        + "SELECT * FROM read_xlsx('" + tmp.resolve("book.xlsx") + "')");
    assertEquals(1, r.exit(), r.err());
    assertEquals("tcptop: Invalid Input Error: Cannot change configuration option \"autoinstall_known_extensions\" - "
        + "the configuration has been locked", r.err().strip());
    assertNothingInstalled(home);
    Cli.Result unlock = sql(home, "SET lock_configuration = false");
    assertEquals(1, unlock.exit(), unlock.err());
    assertTrue(unlock.err().contains("the configuration has been locked"), unlock.err());
  }

  @Test
  void theHelpSaysWhatAQueryCanDo() {
    Cli.Result help = Cli.analyze("sql", "--help");
    String text = help.out().replaceAll("\\s+", " ");
    assertTrue(text.contains("read and write any file you can"), help.out());
    assertFalse(text.contains("[SOURCE]"), help.out());
  }
}
