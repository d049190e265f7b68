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

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
      description = "The export directory to create; it must not exist or be empty, and not be a "
          + "symbolic link. Readable by its owner only (directories 0700, files 0600), like the journal.")
  Path output;

  @Option(names = "--partition-by", paramLabel = "host,date|none", defaultValue = "none",
      description = "Hive-style directories: host=NAME/date=YYYY-MM-DD (UTC) below each dataset, "
          + "or none for one flat directory per dataset. Default: ${DEFAULT-VALUE}.")
  String partitionBy;

  @Option(names = "--timestamps", paramLabel = "ns|us", defaultValue = "ns",
      description = "Unit of the TIMESTAMP columns: ns keeps the recording's nanoseconds (DuckDB "
          + "TIMESTAMP_NS, Trino timestamp(9)); us is for readers without nanosecond timestamps, "
          + "such as Spark. Default: ${DEFAULT-VALUE}.")
  String timestamps;

  @Option(names = "--force", description = "Replace DIR if it holds an earlier export (one with the _tcptop "
      + "file 'tcptop analyze export' writes); any other directory is left alone.")
  boolean force;

  @Option(names = "--group", paramLabel = "NAME",
      description = "Make the export readable by the group NAME too (directories 0750, files 0640, owned "
          + "by NAME), for a team that reads the exports.")
  String group;

  @Override
  public Integer call() {
    Layout layout = new Layout(Partitioning.parse(partitionBy), TimestampUnit.parse(timestamps));
    FileModes modes = group == null ? FileModes.ownerOnly() : FileModes.readableByGroup(group);
    Progress progress = ProgressBars.forTerminal();
    Exporter.Summary s;
    try {
      s = Exporter.export(journals, output, new Exporter.Options(layout, force, modes), progress);
    } finally {
      ProgressBars.close(progress);
    }
    var err = spec.commandLine().getErr();
    int exit = DamageNotes.print(err, s.damaged());
    err.println(summary(output, s));
    if (s.notEndedCleanly() > 0) {
      err.println("note: " + s.notEndedCleanly() + " journal(s) have no END record (the recorder was stopped "
          + "abruptly, or the journal ends in damage); they were exported up to their last complete batch");
    }
    err.flush();
    return exit;
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
