package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.ResultFormat;
import io.tcptop.analyze.sql.ResultPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Runs SQL (DuckDB's dialect) over a journal or an export and prints the last statement's "
            + "rows. The views events, connections, bandwidth, flows and sessions are there to query.",
        "Example: tcptop analyze sql rec \"SELECT comm, sum(bytes_in) FROM connections GROUP BY comm\"",
        "A query error prints DuckDB's message and exits with 1."})
public final class SqlCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "A journal, an export directory, or a glob of them.")
  String source;

  @Parameters(index = "1", paramLabel = "QUERY", description = "One or more SQL statements.")
  String query;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  ResultFormat format;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    Analysis.run(source, db -> db.query(query, rows -> ResultPrinter.print(rows, format, out)));
    out.flush();
    return 0;
  }
}
