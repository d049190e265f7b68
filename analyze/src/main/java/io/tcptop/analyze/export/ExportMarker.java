package io.tcptop.analyze.export;

import io.tcptop.Version;
import io.tcptop.analyze.AnalyzeException;
import io.tcptop.analyze.parquet.FileModes;
import io.tcptop.analyze.parquet.Layout;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.parquet.TimestampUnit;
import io.tcptop.error.UsageException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The file that says "tcptop wrote this export, with this schema": {@code _tcptop}, next to
 * {@code _SUCCESS} (readers such as Spark and DuckDB globs skip names starting with '_'). Only a
 * directory with this marker is replaced by {@code export --force}, and {@code analyze} reads only
 * exports of its own schema version.
 */
public final class ExportMarker {
  private ExportMarker() {}

  public static final String FILE = "_tcptop";
  private static final String SIGNATURE = "tcptop export";

  /**
   * Writes the marker. It records the export's layout too, so that {@code export --append} adds
   * files laid out alike (Spark refuses a dataset whose directories mix layouts).
   */
  static void write(Path dir, FileModes modes, Layout layout) throws IOException {
    String text = "# " + SIGNATURE + "\n"
        + "schema_version=" + Tables.SCHEMA_VERSION + "\n"
        + "tool_version=" + Version.get() + "\n"
        + "partition_by=" + layout.partitioning() + "\n"
        + "timestamps=" + layout.timestamps() + "\n";
    modes.writeFile(dir.resolve(FILE), text);
  }

  /** The layout the marker records; empty for an export made before markers recorded it. */
  static Optional<Layout> layout(Path dir) {
    Properties p = properties(dir);
    String partitionBy = p.getProperty("partition_by");
    String timestamps = p.getProperty("timestamps");
    if (partitionBy == null || timestamps == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Layout(Partitioning.parse(partitionBy), TimestampUnit.parse(timestamps)));
    } catch (UsageException e) {
      return Optional.empty();
    }
  }

  private static Properties properties(Path dir) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(Files.readString(dir.resolve(FILE), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      // No marker, or unreadable: no properties.
    }
    return p;
  }

  /**
   * Whether tcptop wrote {@code dir} as an export: it is a directory itself (not a link to one)
   * and its marker is a regular file (not a link) with the signature. The only test that lets
   * {@code export --force} delete a directory.
   */
  public static boolean isPresent(Path dir) {
    Path marker = dir.resolve(FILE);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      return Files.readString(marker, StandardCharsets.UTF_8).startsWith("# " + SIGNATURE + "\n");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The export's schema version: from its marker, 1 for an export of an older tcptop (no marker,
   * but a {@code _SUCCESS} and an {@code events} dataset), or 0 when tcptop did not write it.
   */
  public static int schemaVersion(Path dir) {
    Path marker = dir.resolve(FILE);
    if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
      return Files.exists(dir.resolve(Exporter.SUCCESS)) && Files.isDirectory(dir.resolve(Tables.EVENTS.name())) ? 1 : 0;
    }
    try {
      String text = Files.readString(marker, StandardCharsets.UTF_8);
      if (!text.startsWith("# " + SIGNATURE + "\n")) {
        return 0;
      }
      Properties p = new Properties();
      p.load(new StringReader(text));
      return Integer.parseInt(p.getProperty("schema_version", "0").trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** Fails, naming both versions, unless {@code dir} is an export of this tcptop's schema. */
  public static void requireCurrent(Path dir) {
    int found = schemaVersion(dir);
    if (found != Tables.SCHEMA_VERSION) {
      throw AnalyzeException.otherSchema(dir, found, Tables.SCHEMA_VERSION);
    }
  }
}
