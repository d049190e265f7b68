package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.Report;
import io.tcptop.analyze.sql.ResultFormat;
import io.tcptop.analyze.sql.ResultPrinter;
import java.io.PrintWriter;
import io.tcptop.error.UsageException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every canned report takes: its SOURCE, the output format, and --print-sql. */
final class ReportOptions {

  @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE",
      description = "A journal, an export directory, or a glob of them.")
  String source;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  ResultFormat format;

  @Option(names = "--print-sql",
      description = "Print the report's SQL (with this command line's parameters) instead of running it.")
  boolean printSql;

  String requireSource() {
    if (source == null) {
      throw new UsageException("give a SOURCE: a journal, an export directory, or a glob");
    }
    return source;
  }

  /** Prints the report's SQL when --print-sql asks for it, else runs it on SOURCE and prints its rows. */
  void printOrRun(Report report, PrintWriter out) {
    if (printSql) {
      out.println(report.sql());
    } else {
      Analysis.run(requireSource(), db -> db.query(report.sql(), rows -> ResultPrinter.print(rows, format, out)));
    }
    out.flush();
  }
}
