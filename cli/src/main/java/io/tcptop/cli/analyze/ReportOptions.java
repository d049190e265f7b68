package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.ResultFormat;
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
}
