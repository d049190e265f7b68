package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.Report;
import io.tcptop.analyze.sql.ResultFormat;
import io.tcptop.analyze.sql.ResultPrinter;
import io.tcptop.cli.ZoneOption;
import java.io.PrintWriter;
import io.tcptop.cli.PlainSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** What every canned report takes: its SOURCE (or --print-sql), the output format and time zone. */
final class ReportOptions {

  @ArgGroup(exclusive = true, multiplicity = "1")
  SourceOrSql target;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (a table shows sizes, rates and RTTs in units; "
          + "csv and jsonl keep raw numbers). Default: ${DEFAULT-VALUE}.")
  ResultFormat format;

  @Mixin ZoneOption tz;

  @Mixin OwnerFilterOptions owners;

  /** These options as the annotations above declare them, built by hand ({@link PlainSpec}). */
  static CommandSpec plainSpec(ReportOptions r) {
    CommandSpec s = PlainSpec.mixin();
    s.addArgGroup(SourceOrSql.plainGroup(r));
    s.addOption(PlainSpec.option(OptionSpec.builder("--format").paramLabel("FORMAT").defaultValue("table")
        .type(ResultFormat.class)
        .description("Output format: ${COMPLETION-CANDIDATES} (a table shows sizes, rates and RTTs in units; "
            + "csv and jsonl keep raw numbers). Default: ${DEFAULT-VALUE}."),
        PlainSpec.bind(() -> r.format, v -> r.format = v)));
    r.tz = new ZoneOption();
    s.addMixin("tz", ZoneOption.plainSpec(r.tz));
    r.owners = new OwnerFilterOptions();
    s.addMixin("owners", OwnerFilterOptions.plainSpec(r.owners));
    return s;
  }

  /** The SOURCE or --print-sql given, made when either is. */
  SourceOrSql target() {
    if (target == null) {
      target = new SourceOrSql();
    }
    return target;
  }

  /**
   * Prints the report's SQL when --print-sql asks for it, else runs it on SOURCE and prints its
   * rows; returns the exit code.
   */
  int printOrRun(Report report, PrintWriter out, PrintWriter err) {
    int exit = 0;
    if (target.printSql) {
      out.println(report.sql());
    } else {
      ResultPrinter printer = new ResultPrinter(format, tz.zone(), out);
      exit = Analysis.run(target.source, owners.filter(), err, db -> db.query(report.sql(), printer::print));
    }
    out.flush();
    return exit;
  }
}
