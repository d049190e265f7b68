package io.tcptop.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A directory standing in for the object-storage bucket: exports are shipped into it as 'aws s3 sync' does. */
final class Bucket {
  private Bucket() {}

  /**
   * Copies an export into the bucket, overwriting files of the same name; the {@code sessions}
   * dataset last, as docs/FLEET.md ships it.
   */
  static void ship(Path export, Path bucket) {
    ship(export, bucket, true);
  }

  /** Ships everything but the {@code sessions} dataset when {@code withSessions} is false: an upload under way. */
  static void ship(Path export, Path bucket, boolean withSessions) {
    List<Path> files = new ArrayList<>();
    List<Path> sessions = new ArrayList<>();
    try (Stream<Path> s = Files.walk(export)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        (export.relativize(p).startsWith("sessions") ? sessions : files).add(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (withSessions) {
      files.addAll(sessions);
    }
    for (Path p : files) {
      Path target = bucket.resolve(export.relativize(p).toString());
      try {
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The files below a directory, relative to it, sorted. */
  static List<String> files(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL Spark reads a local directory by: the {@code ${base}} of docs/FLEET.md. */
  static String url(Path dir) {
    return "file://" + dir.toAbsolutePath().normalize();
  }
}
