package io.tcptop.cli.analyze;

import io.tcptop.analyze.export.EventRowSet;
import io.tcptop.analyze.parquet.FileModes;
import io.tcptop.analyze.report.HtmlReport;
import io.tcptop.analyze.report.ReportFile;
import io.tcptop.analyze.report.ReportQuery;
import io.tcptop.analyze.report.ReportRequest;
import io.tcptop.analyze.sql.Database;
import io.tcptop.analyze.sql.OwnerFilter;
import io.tcptop.cli.DurationConverter;
import io.tcptop.cli.FilterOptions;
import io.tcptop.error.UsageException;
import io.tcptop.stream.FlowFilter;
import io.tcptop.util.Durations;
import io.tcptop.util.TimeArg;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    customSynopsis = {
        "tcptop analyze report SOURCE -o FILE [--force] [--group NAME]",
        "           [--title TEXT] [--from TIME] [--to TIME] [--bucket DURATION]",
        "           [--top N] [FILTERS]",
        "   or: tcptop analyze report --print-sql[=PART] [SOURCE] [the same options]"},
    description = {
        "Writes an incident report as one HTML file that opens in any browser without a network: "
            + "a header (hosts, span, events, connections, events lost and why, filters), bandwidth "
            + "over time by process and by remote peer (stacked, with the buckets of lost events "
            + "shaded; zoom, pan and hover), round-trip times of the busiest TCP connections, "
            + "connections opened and closed, and a sortable table of the top connections.",
        "Every number comes from the SQL files report-*.sql over the views 'tcptop analyze sql' "
            + "has; --print-sql=PART prints the one behind a part, ready to run with 'tcptop analyze sql'.",
        "The file is readable by its owner only (0600; --group opens it to a group): a report "
            + "shows who talked to whom. A journal read past damaged parts gets a note per part on "
            + "stderr, a banner in the report, and exit code 3."})
public final class ReportCommand implements Callable<Integer> {

  /** The shortest bucket: the charts' time axis counts in milliseconds. */
  private static final long MIN_BUCKET_NS = 1_000_000L;

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE",
      description = "A journal, an export directory, or a glob of them.")
  String source;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "The HTML file to write; it must not exist (see --force) and must not be a symbolic link.")
  Path output;

  @Option(names = "--force", description = "Replace FILE if it is an earlier report (a file 'tcptop analyze report' wrote); "
      + "any other file is left alone.")
  boolean force;

  @Option(names = "--group", paramLabel = "NAME",
      description = "Make the report readable by the group NAME too (mode 0640, owned by NAME).")
  String group;

  @Option(names = "--title", paramLabel = "TEXT", description = "The report's title. Default: the hosts and the start of the span.")
  String title;

  @Option(names = "--from", paramLabel = "TIME",
      description = "Report from TIME on: 2026-11-26T14:02:03Z, 14:02:03 (UTC) or +30s from the start.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Report up to TIME (same forms as --from).")
  String to;

  @Mixin FilterOptions filters;

  @Option(names = "--bucket", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Bucket length of the charts, e.g. 1s, 30s, 5m. Default: chosen from the span "
          + "(at most 200 buckets, never shorter than the recording's tick).")
  Long bucketNs;

  @Option(names = "--top", paramLabel = "N", defaultValue = "" + ReportRequest.DEFAULT_TOP,
      description = "Named series per chart; the rest are summed as \"other\". Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(names = "--print-sql", arity = "0..1", fallbackValue = "", paramLabel = "PART",
      description = "Print the report's SQL instead of writing it: with =PART (${COMPLETION-CANDIDATES}) the "
          + "scope and that part's file, ready for 'tcptop analyze sql SOURCE \"$(...)\"'; alone, every file.",
      completionCandidates = Parts.class)
  String printSql;

  /** The names --print-sql takes. */
  static final class Parts extends java.util.ArrayList<String> {
    Parts() {
      super(Arrays.stream(ReportQuery.values()).map(ReportQuery::shortName).toList());
    }
  }

  @Override
  public Integer call() {
    if (top < 1 || top > ReportRequest.MAX_TOP) {
      throw new UsageException("--top " + top + ": give 1 to " + ReportRequest.MAX_TOP + " series");
    }
    if (bucketNs != null && (bucketNs < MIN_BUCKET_NS || bucketNs % 1_000 != 0)) {
      throw new UsageException("--bucket " + Durations.format(bucketNs) + ": give whole microseconds, at least 1ms");
    }
    FlowFilter.Spec filter = filters.spec();
    if (printSql != null) {
      return printSql(filter);
    }
    if (source == null) {
      throw new UsageException("give a SOURCE: a journal, an export directory, or a glob");
    }
    if (output == null) {
      throw new UsageException("give -o FILE: the HTML file to write");
    }
    ReportFile file = new ReportFile(output, force, group == null ? FileModes.ownerOnly() : FileModes.readableByGroup(group));
    file.check();
    HtmlReport.Written[] written = new HtmlReport.Written[1];
    PrintWriter err = spec.commandLine().getErr();
    // A report of the whole recording reads no events row but the RTT samples (EventRowSet).
    EventRowSet eventRows = from == null && to == null && filter.equals(FlowFilter.Spec.ALL)
        ? EventRowSet.RTT_SAMPLES : EventRowSet.ALL;
    int exit = Analysis.run(source, OwnerFilter.NONE, eventRows, err,
        db -> written[0] = HtmlReport.write(db, request(db, filter), file));
    err.println(summary(output, written[0]));
    err.flush();
    return exit;
  }

  private int printSql(FlowFilter.Spec filter) {
    PrintWriter out = spec.commandLine().getOut();
    String[] sql = new String[1];
    if (source == null && (from != null || to != null)) {
      throw new UsageException("--print-sql with --from/--to needs the SOURCE they refer to");
    }
    int exit = 0;
    if (source == null) {
      sql[0] = script(request(null, filter));
    } else {
      // SOURCE only resolves --from/--to; a damaged journal still says so, as every command does.
      exit = Analysis.run(source, spec.commandLine().getErr(), db -> sql[0] = script(request(db, filter)));
    }
    out.print(sql[0]);
    out.flush();
    return exit;
  }

  private String script(ReportRequest r) {
    if (printSql.isEmpty()) {
      StringBuilder sb = new StringBuilder(ReportQuery.scope(r));
      for (ReportQuery q : ReportQuery.values()) {
        sb.append('\n').append(q.sql());
      }
      return sb.toString();
    }
    ReportQuery q = ReportQuery.named(printSql).orElseThrow(() -> new UsageException("--print-sql=" + printSql
        + ": no such part; the parts are " + String.join(", ", new Parts())
        + " (--print-sql takes the next word as its PART: put SOURCE before it)"));
    return q.script(r);
  }

  /** The request, with --from/--to resolved against the first session's start when given. */
  private ReportRequest request(Database db, FlowFilter.Spec filter) {
    Long fromNs = null;
    Long toNs = null;
    if (from != null || to != null) {
      long start = firstStartNs(db);
      fromNs = from == null ? null : new TimeArg(from).toEpochNs(start);
      toNs = to == null ? null : new TimeArg(to).toEpochNs(start);
      if (fromNs != null && toNs != null && fromNs > toNs) {
        throw new UsageException("--from is after --to");
      }
    }
    return new ReportRequest(title, fromNs, toNs, filter, bucketNs, top);
  }

  private static long firstStartNs(Database db) {
    long[] start = new long[1];
    db.query("SELECT epoch_ns(min(start_ts)) FROM sessions", rs -> {
      rs.next();
      start[0] = rs.getLong(1);
    });
    return start[0];
  }

  static String summary(Path output, HtmlReport.Written w) {
    return String.format(Locale.ROOT, "wrote %s (%.1f MB): %,d buckets of %s, %,d connections, %,d events lost%s%s",
        output, w.bytes() / 1e6, w.buckets(), w.bucket(), w.connections(), w.lost(),
        w.damagedParts() == 0 ? "" : String.format(Locale.ROOT, ", %,d damaged part%s of the journal skipped",
            w.damagedParts(), w.damagedParts() == 1 ? "" : "s"),
        w.empty() ? "; no traffic in this span" : "");
  }
}
