package io.tcptop.analyze.sql;

import io.tcptop.analyze.AnalyzeException;
import io.tcptop.analyze.export.ExportFiles;
import io.tcptop.analyze.export.ExportMarker;
import io.tcptop.analyze.export.Exporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A finished export directory and its layout: the Hive partition keys its directories use,
 * in order ({@code [host, date]}), or none for a flat export.
 */
public record ExportSource(Path dir, List<String> partitionKeys) {

  /** Whether a directory holds an export's datasets (finished or not). */
  static boolean looksLikeExport(Path dir) {
    return Files.isDirectory(dir.resolve("events")) || Files.exists(dir.resolve(Exporter.SUCCESS));
  }

  /** Reads an export's layout; fails if it was never finished. */
  public static ExportSource of(Path dir) {
    if (!Files.exists(dir.resolve(Exporter.SUCCESS))) {
      throw AnalyzeException.unfinishedExport(dir);
    }
    ExportMarker.requireCurrent(dir);
    ExportFiles.requireOnlyOwn(dir);
    return new ExportSource(dir.toAbsolutePath().normalize(), partitionKeys(dir.resolve("events")));
  }

  /** Follows the first {@code key=value} directory at each level below a dataset. */
  private static List<String> partitionKeys(Path dataset) {
    List<String> keys = new ArrayList<>();
    Path level = dataset;
    while (true) {
      Optional<Path> next = firstPartitionDir(level);
      if (next.isEmpty()) {
        return keys;
      }
      String name = next.get().getFileName().toString();
      keys.add(name.substring(0, name.indexOf('=')));
      level = next.get();
    }
  }

  private static Optional<Path> firstPartitionDir(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().indexOf('=') > 0).sorted().findFirst();
    } catch (IOException e) {
      throw AnalyzeException.io("read " + dir, e);
    }
  }
}
