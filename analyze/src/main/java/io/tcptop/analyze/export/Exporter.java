package io.tcptop.analyze.export;

import io.tcptop.analyze.AnalyzeException;
import io.tcptop.analyze.parquet.FileModes;
import io.tcptop.analyze.parquet.Layout;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.parquet.TimestampUnit;
import io.tcptop.error.UsageException;
import io.tcptop.event.EventSource;
import io.tcptop.event.SessionStart;
import io.tcptop.journal.JournalSource;
import io.tcptop.util.OutputPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Exports journals into one export directory. Everything is written below a hidden temporary
 * sibling ({@code .NAME.tmp-…}) that is renamed to the output directory once all journals are
 * done and {@code _SUCCESS} is written, so an export that fails or is killed never looks
 * complete.
 */
public final class Exporter {
  private Exporter() {}

  /** The file that marks a finished export (the name Hadoop and Spark use). */
  public static final String SUCCESS = "_SUCCESS";

  /**
   * @param modes who may read the export: its owner only unless the user names a group
   * @param eventRows which records become events rows: all of them, but for a temporary export
   */
  public record Options(Layout layout, boolean force, FileModes modes, EventRowSet eventRows) {
    public Options(Layout layout, boolean force, FileModes modes) {
      this(layout, force, modes, EventRowSet.ALL);
    }

    public Options(Layout layout, boolean force) {
      this(layout, force, FileModes.ownerOnly());
    }

    public Options(Partitioning partitioning, boolean force) {
      this(new Layout(partitioning, TimestampUnit.NANOS), force);
    }
  }

  /**
   * What an export wrote, for the summary line.
   *
   * @param damaged the journals that were read past damaged parts, in the order given, with what was skipped
   */
  public record Summary(int journals, long records, long eventRows, long connectionRows, long bandwidthRows,
      int files, long bytes, long nanos, int notEndedCleanly, Map<Path, EventSource.Outcome> damaged) {}

  /**
   * What an append did besides exporting.
   *
   * @param created ROOT did not exist (or was empty): this was its first export
   * @param replaced sessions ROOT held that were replaced (--replace)
   * @param leftoverFiles files of an interrupted earlier append of these sessions, replaced too
   */
  public record Appended(Summary summary, boolean created, int replaced, int leftoverFiles) {}

  /**
   * What an append does with what ROOT holds already.
   *
   * @param replace a session ROOT holds is replaced, not refused (--replace)
   * @param allowOverlap sessions of one host whose times overlap are taken as separate recordings,
   *     not refused as windows of one (--allow-overlap)
   */
  public record AppendPolicy(boolean replace, boolean allowOverlap) {}

  /**
   * Adds the journals' sessions to the export ROOT ({@code export --append}); a ROOT that does not
   * exist yet or is empty gets a new export. {@code partitioning} and {@code timestamps} may be
   * null: then ROOT's own layout is used (for a new ROOT: none, ns).
   */
  public static Appended append(List<Path> journals, Path root, Partitioning partitioning, TimestampUnit timestamps,
      AppendPolicy policy, FileModes modes, Progress progress) {
    if (journals.isEmpty()) {
      throw new UsageException("give at least one journal");
    }
    Path target = root.toAbsolutePath().normalize();
    OutputPaths.refuseSymlink(target);
    if (!Files.exists(target) || (Files.isDirectory(target) && isEmpty(target))) {
      Layout layout = new Layout(partitioning == null ? Partitioning.NONE : partitioning,
          timestamps == null ? TimestampUnit.NANOS : timestamps);
      return new Appended(export(journals, target, new Options(layout, false, modes), progress), true, 0, 0);
    }
    Layout layout = ExportMarker.layout(target).orElse(null);
    if (layout == null) {
      // An export made before markers recorded the layout: trust what is asked, as before.
      layout = new Layout(partitioning == null ? Partitioning.NONE : partitioning,
          timestamps == null ? TimestampUnit.NANOS : timestamps);
    }
    if ((partitioning != null && !partitioning.equals(layout.partitioning()))
        || (timestamps != null && timestamps != layout.timestamps())) {
      throw AnalyzeException.otherLayout(target, describe(layout),
          describe(new Layout(partitioning == null ? layout.partitioning() : partitioning,
              timestamps == null ? layout.timestamps() : timestamps)));
    }
    return Appender.append(journals, target, new Options(layout, false, modes), policy, progress);
  }

  private static String describe(Layout l) {
    return "--partition-by " + l.partitioning() + " --timestamps " + l.timestamps();
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw AnalyzeException.cannotWrite(dir, e);
    }
  }

  public static Summary export(List<Path> journals, Path out, Options options, Progress progress) {
    long t0 = System.nanoTime();
    if (journals.isEmpty()) {
      throw new UsageException("give at least one journal");
    }
    checkJournals(journals);
    Path target = out.toAbsolutePath().normalize();
    ExportDirectory dir = ExportDirectory.prepare(target, options.force(), options.modes());
    try {
      ExportTally tally = new ExportTally(t0);
      for (int i = 0; i < journals.size(); i++) {
        progress.journal(journals.get(i), i, journals.size());
        try (JournalSource reader = JournalSource.open(journals.get(i))) {
          tally.add(journals.get(i), JournalExport.run(reader, dir.temporary(), options.layout(), options.modes(), options.eventRows(),
              progress));
        }
      }
      dir.commit(options.layout());
      return tally.summary();
    } catch (RuntimeException | Error e) {
      dir.discard();
      throw e;
    }
  }

  /**
   * Opens each journal's header first, so a wrong argument fails before any long work; returns
   * each journal's session id.
   */
  static Map<Path, String> checkJournals(List<Path> journals) {
    Map<String, Path> sessions = new HashMap<>();
    Map<Path, String> ids = new LinkedHashMap<>();
    for (Path j : journals) {
      try (JournalSource reader = JournalSource.open(j)) {
        SessionStart h = reader.header();
        Path earlier = sessions.putIfAbsent(SessionId.of(h), j);
        if (earlier != null) {
          throw new UsageException(j + " and " + earlier + " are the same recording (session "
              + SessionId.of(h) + "): give each journal once");
        }
        ids.put(j, SessionId.of(h));
      }
    }
    return ids;
  }
}
