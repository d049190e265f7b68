package io.tcptop.analyze.export;

import io.tcptop.analyze.AnalyzeException;
import io.tcptop.analyze.parquet.FileModes;
import io.tcptop.journal.JournalSource;
import io.tcptop.util.OutputPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code export --append ROOT}: adds journals' sessions to a finished export without touching
 * what it holds. Each journal is exported in full below a hidden sibling of ROOT first; only then
 * are its files renamed into ROOT's partition directories, the {@code sessions} file last. The
 * views of every reader documented (tcptop's, docs/FLEET.md's) show a session's rows only once
 * its {@code sessions} row is there, so a reader sees a session whole or not at all, and each
 * rename is atomic, so no reader sees half a file.
 *
 * <p>A session ROOT holds already is refused unless {@code replace}: then its {@code sessions}
 * file goes first (the session disappears from the views), its files are swapped for the new
 * ones, and the new {@code sessions} file comes last. Files of a session without a
 * {@code sessions} row are what an interrupted append left; appending that session replaces them.
 *
 * <p>A session whose times overlap another of the same host (in ROOT or appended with it) is
 * refused too, before ROOT changes, unless {@code allowOverlap}: see {@link SessionOverlap}.
 */
final class Appender {
  private Appender() {}

  static Exporter.Appended append(List<Path> journals, Path root, Exporter.Options options, Exporter.AppendPolicy policy,
      Progress progress) {
    long t0 = System.nanoTime();
    checkRoot(root);
    Map<Path, String> sessions = Exporter.checkJournals(journals);
    // Beside ROOT, not in it: ROOT holds nothing but the export (it is what gets shipped).
    Path lockFile = root.resolveSibling("." + root.getFileName() + ".append.lock");
    try (FileChannel lockChannel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
             PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
         FileLock lock = lockChannel.tryLock()) {
      if (lock == null) {
        throw AnalyzeException.appendLocked(root);
      }
      ExportFiles.Listing listing = ExportFiles.list(root);
      List<String> present = listing.completeSessions();
      for (var e : sessions.entrySet()) {
        if (present.contains(ExportFiles.escaped(e.getValue())) && !policy.replace()) {
          throw AnalyzeException.sessionPresent(root, e.getValue(), e.getKey());
        }
      }
      return exportAndSwap(journals, sessions, root, options, policy, listing, present, progress, t0);
    } catch (IOException e) {
      throw AnalyzeException.cannotWrite(root, e);
    }
  }

  private static Exporter.Appended exportAndSwap(List<Path> journals, Map<Path, String> sessions, Path root,
      Exporter.Options options, Exporter.AppendPolicy policy, ExportFiles.Listing listing, List<String> present,
      Progress progress, long t0) throws IOException {
    Path staging = root.resolveSibling("." + root.getFileName() + ".append-" + UUID.randomUUID().toString().substring(0, 8));
    FileModes.ownerOnly().createDirectory(staging);
    Thread cleanup = new Thread(() -> deleteQuietly(staging), "tcptop-append-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      ExportTally tally = new ExportTally(t0);
      List<Path> sessionDirs = new ArrayList<>();
      // Every journal is exported before anything in ROOT changes: a journal that fails leaves ROOT as it was.
      for (int i = 0; i < journals.size(); i++) {
        progress.journal(journals.get(i), i, journals.size());
        Path dir = staging.resolve(Integer.toString(i));
        try (JournalSource reader = JournalSource.open(journals.get(i))) {
          tally.add(journals.get(i), JournalExport.run(reader, dir, options.layout(), options.modes(), progress));
        }
        sessionDirs.add(dir);
      }
      if (!policy.allowOverlap()) {
        refuseOverlaps(sessionDirs, sessions.values(), listing, present, root);
      }
      int replaced = 0;
      int leftovers = 0;
      for (int i = 0; i < journals.size(); i++) {
        String escaped = ExportFiles.escaped(sessions.get(journals.get(i)));
        boolean wasPresent = present.contains(escaped);
        List<Path> old = listing.files(escaped);
        if (wasPresent) {
          replaced++;
        } else {
          leftovers += old.size();
        }
        swap(sessionDirs.get(i), root, old, options);
      }
      return new Exporter.Appended(tally.summary(), false, replaced, leftovers);
    } finally {
      deleteQuietly(staging);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException alreadyExiting) {
        // The hook runs anyway.
      }
    }
  }

  /** Fails, before ROOT changes, if an appended session overlaps another of its host (one it replaces aside). */
  private static void refuseOverlaps(List<Path> sessionDirs, java.util.Collection<String> added, ExportFiles.Listing listing,
      List<String> present, Path root) throws IOException {
    List<Path> addedFiles = new ArrayList<>();
    for (Path dir : sessionDirs) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && ExportFiles.inSessionsDataset(p)).forEach(addedFiles::add);
      }
    }
    List<String> replaced = added.stream().map(ExportFiles::escaped).toList();
    List<Path> presentFiles = present.stream().filter(id -> !replaced.contains(id))
        .flatMap(id -> listing.files(id).stream()).filter(ExportFiles::inSessionsDataset).toList();
    SessionOverlap.Overlap o = SessionOverlap.first(addedFiles, presentFiles);
    if (o != null) {
      throw AnalyzeException.sessionsOverlap(root, o.added(), o.present(), o.host(), o.from(), o.to());
    }
  }

  /**
   * Puts one session's new files in place of its old ones: the old {@code sessions} file first,
   * the new one last, so that the views never show a mix of the two.
   */
  private static void swap(Path exported, Path root, List<Path> old, Exporter.Options options) throws IOException {
    List<Path> newFiles;
    try (Stream<Path> s = Files.walk(exported)) {
      newFiles = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
    List<Path> targets = newFiles.stream().map(p -> root.resolve(exported.relativize(p).toString())).toList();
    for (Path p : old) {
      if (ExportFiles.inSessionsDataset(p)) {
        Files.deleteIfExists(p);
      }
    }
    List<Integer> sessionsLast = new ArrayList<>();
    for (int i = 0; i < newFiles.size(); i++) {
      if (ExportFiles.inSessionsDataset(targets.get(i))) {
        sessionsLast.add(i);
      } else {
        move(newFiles.get(i), targets.get(i), options);
      }
    }
    for (Path p : old) {
      if (!targets.contains(p)) {
        Files.deleteIfExists(p);
        removeEmptyParents(p.getParent(), root);
      }
    }
    for (int i : sessionsLast) {
      move(newFiles.get(i), targets.get(i), options);
    }
  }

  /** A partition directory the session alone had goes with it (a reader would find it empty anyway). */
  private static void removeEmptyParents(Path dir, Path root) throws IOException {
    for (Path d = dir; d != null && d.startsWith(root) && d.getNameCount() > root.getNameCount() + 1; d = d.getParent()) {
      try (Stream<Path> s = Files.list(d)) {
        if (s.findAny().isPresent()) {
          return;
        }
      }
      Files.delete(d);
    }
  }

  private static void move(Path from, Path to, Exporter.Options options) throws IOException {
    options.modes().createDirectories(to.getParent());
    // rename(2): atomic, and it replaces a file of the same name (the session's old one) in one step.
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** ROOT must be a finished export of this schema, laid out as this export would be. */
  private static void checkRoot(Path root) {
    OutputPaths.refuseSymlink(root);
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw AnalyzeException.cannotWrite(root, new IOException("it is a file, not a directory"));
    }
    if (!ExportMarker.isPresent(root)) {
      throw AnalyzeException.notAnExport(root);
    }
    if (!Files.exists(root.resolve(Exporter.SUCCESS))) {
      throw AnalyzeException.notAFinishedExport(root);
    }
    ExportMarker.requireCurrent(root);
  }

  private static void deleteQuietly(Path dir) {
    try {
      ExportDirectory.deleteTree(dir);
    } catch (IOException | RuntimeException ignored) {
      // Hidden and outside ROOT: no reader looks there.
    }
  }
}
