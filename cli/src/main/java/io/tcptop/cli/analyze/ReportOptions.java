package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.Report;
import io.tcptop.analyze.sql.ResultFormat;
import io.tcptop.analyze.sql.ResultPrinter;
import java.io.PrintWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What every canned report takes: its SOURCE (or --print-sql) and the output format. */
final class ReportOptions {

  @ArgGroup(exclusive = true, multiplicity = "1")
  SourceOrSql target;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  ResultFormat format;

  /** Prints the report's SQL when --print-sql asks for it, else runs it on SOURCE and prints its rows. */
  void printOrRun(Report report, PrintWriter out) {
    if (target.printSql) {
      out.println(report.sql());
    } else {
      Analysis.run(target.source, db -> db.query(report.sql(), rows -> ResultPrinter.print(rows, format, out)));
    }
    out.flush();
  }
}
