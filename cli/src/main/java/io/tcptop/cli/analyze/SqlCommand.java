package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.ResultFormat;
import io.tcptop.analyze.sql.ResultPrinter;
import io.tcptop.cli.ZoneOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        "The query runs with your rights: DuckDB's file functions (read_csv, read_text, ...) and COPY "
            + "read and write any file you can, so run only queries you trust (as root, any file). "
            + "DuckDB never installs or loads an extension by itself here (a query that needs one "
            + "fails), and its settings are locked.",
        "A query error prints DuckDB's message and exits with 1."})
public final class SqlCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "A journal, an export directory, or a glob of them.")
  String source;

  @Parameters(index = "1", paramLabel = "QUERY", description = "One or more SQL statements.")
  String query;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (a table shows sizes, rates and RTTs in units, "
          + "by column name as analyze/README.md says; csv and jsonl keep raw numbers). Default: ${DEFAULT-VALUE}.")
  ResultFormat format;

  @Mixin ZoneOption tz;

  @Mixin OwnerFilterOptions owners;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    ResultPrinter printer = new ResultPrinter(format, tz.zone(), out);
    int exit = Analysis.run(source, owners.filter(), spec.commandLine().getErr(), db -> db.query(query, printer::print));
    out.flush();
    return exit;
  }
}
