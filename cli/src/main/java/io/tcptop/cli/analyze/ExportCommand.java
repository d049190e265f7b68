package io.tcptop.cli.analyze;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.FileModes;
import io.tcptop.analyze.parquet.Layout;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.parquet.TimestampUnit;
import io.tcptop.cli.DamageNotes;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import io.tcptop.error.UsageException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Writes journals as Parquet datasets (ZSTD) into one directory: events (one row per "
            + "record, with flows holding the flow columns), connections (one row per connection), "
            + "bandwidth (the lines 'tcptop replay --format jsonl' prints) and sessions (one row per "
            + "journal). analyze/README.md describes every column.",
        "The export appears under DIR only when complete (it is written to a hidden temporary "
            + "directory next to it and renamed). A summary goes to stderr, with a progress bar "
            + "when stderr is a terminal.",
        "A damaged part of a journal is skipped with a note on stderr, the export goes on with the "
            + "next intact batch, the sessions row counts what was lost, and the exit code is 3."})
public final class ExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "JOURNAL", description = "Journal directories written by 'tcptop record -o'.")
  List<Path> journals;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
        description = "The export directory to create; it must not exist or be empty, and not be a "
            + "symbolic link. Readable by its owner only (directories 0700, files 0600), like the journal.")
    Path output;

    @Option(names = "--append", required = true, paramLabel = "ROOT",
        description = "Add the journals' sessions to the export ROOT (created if it does not exist), leaving "
            + "what it holds alone: each session's files are written aside and renamed into ROOT's partition "
            + "directories, so readers see a session whole or not at all. A session ROOT holds already is "
            + "refused (it would count twice) unless --replace. Uses ROOT's --partition-by and --timestamps.")
    Path append;
  }

  @Option(names = "--partition-by", paramLabel = "host,date|none",
      description = "Hive-style directories: host=NAME/date=YYYY-MM-DD (UTC) below each dataset, "
          + "or none for one flat directory per dataset. Default: none (with --append: ROOT's).")
  String partitionBy;

  @Option(names = "--timestamps", paramLabel = "ns|us",
      description = "Unit of the TIMESTAMP columns: ns keeps the recording's nanoseconds (DuckDB "
          + "TIMESTAMP_NS, Trino timestamp(9)); us is for readers without nanosecond timestamps, "
          + "such as Spark. Default: ns (with --append: ROOT's).")
  String timestamps;

  @Option(names = "--force", description = "Replace DIR if it holds an earlier export (one with the _tcptop "
      + "file 'tcptop analyze export' writes); any other directory is left alone.")
  boolean force;

  @Option(names = "--replace", description = "With --append: replace the files of a session ROOT holds already "
      + "(that session's only) instead of refusing it.")
  boolean replace;

  @Option(names = "--allow-overlap", description = "With --append: accept a session whose times overlap another "
      + "of the same host, for separate recordings (other filters, other recorders). By default it is refused: "
      + "overlapping windows of one recording would count their events twice.")
  boolean allowOverlap;

  @Option(names = "--group", paramLabel = "NAME",
      description = "Make the export readable by the group NAME too (directories 0750, files 0640, owned "
          + "by NAME), for a team that reads the exports.")
  String group;

  @Override
  public Integer call() {
    if (target.append != null && force) {
      throw new UsageException("--force goes with -o; with --append, --replace replaces a session");
    }
    if (target.output != null && (replace || allowOverlap)) {
      throw new UsageException((replace ? "--replace" : "--allow-overlap") + " goes with --append");
    }
    Partitioning partitioning = partitionBy == null ? null : Partitioning.parse(partitionBy);
    TimestampUnit unit = timestamps == null ? null : TimestampUnit.parse(timestamps);
    FileModes modes = group == null ? FileModes.ownerOnly() : FileModes.readableByGroup(group);
    Progress progress = ProgressBars.forTerminal();
    Exporter.Summary s;
    Exporter.Appended appended = null;
    Path output = target.output != null ? target.output : target.append;
    try {
      if (target.append != null) {
        appended = Exporter.append(journals, output, partitioning, unit, new Exporter.AppendPolicy(replace, allowOverlap), modes,
            progress);
        s = appended.summary();
      } else {
        Layout layout = new Layout(partitioning == null ? Partitioning.NONE : partitioning,
            unit == null ? TimestampUnit.NANOS : unit);
        s = Exporter.export(journals, output, new Exporter.Options(layout, force, modes), progress);
      }
    } finally {
      ProgressBars.close(progress);
    }
    var err = spec.commandLine().getErr();
    int exit = DamageNotes.print(err, s.damaged());
    err.println(appended == null ? summary(output, s) : appendSummary(output, appended));
    if (s.notEndedCleanly() > 0) {
      err.println("note: " + s.notEndedCleanly() + " journal(s) have no END record (the recorder was stopped "
          + "abruptly, or the journal ends in damage); they were exported up to their last complete batch");
    }
    err.flush();
    return exit;
  }

  static String appendSummary(Path root, Exporter.Appended a) {
    String line = summary(root, a.summary()).replaceFirst("^exported", a.created() ? "exported" : "appended");
    if (a.replaced() > 0) {
      line += "; replaced " + a.replaced() + " session" + (a.replaced() == 1 ? "" : "s") + " " + root + " held";
    }
    if (a.leftoverFiles() > 0) {
      line += "; replaced " + a.leftoverFiles() + " file(s) an interrupted append had left";
    }
    return line;
  }

  static String summary(Path output, Exporter.Summary s) {
    double seconds = s.nanos() / 1e9;
    return String.format(Locale.ROOT,
        "exported %d journal%s to %s: %,d event rows, %,d connections, %,d bandwidth rows; "
            + "%d files, %.1f MB in %.2f s (%.2f M records/s)",
        s.journals(), s.journals() == 1 ? "" : "s", output, s.eventRows(), s.connectionRows(),
        s.bandwidthRows(), s.files(), s.bytes() / 1e6, seconds, s.records() / seconds / 1e6);
  }
}
