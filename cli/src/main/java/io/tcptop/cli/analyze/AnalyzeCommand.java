package io.tcptop.cli.analyze;

import io.tcptop.cli.PlainSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tcptop analyze}: Parquet exports of journals and SQL over them. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    subcommands = {ExportCommand.class, SqlCommand.class, AnalyzeTopCommand.class, TimelineCommand.class,
        SummaryCommand.class, ReportCommand.class},
    description = {
        "Exports journals to Parquet and answers questions about them with SQL (DuckDB).",
        "SOURCE, where a command takes one, is a journal (exported on the fly to a temporary "
            + "directory), an export directory, or a glob matching several of them. Every command "
            + "sees the views events, connections, bandwidth, flows and sessions; the reports' SQL "
            + "is printed by --print-sql, ready to adapt with 'tcptop analyze sql'."})
public final class AnalyzeCommand implements Runnable {

  @Spec CommandSpec spec;

  /**
   * This command as its annotation declares it, built by hand ({@link PlainSpec}), with only its
   * {@code top} subcommand: what {@code tcptop analyze top} needs.
   */
  public static CommandLine plainTopOnly() {
    AnalyzeCommand a = new AnalyzeCommand();
    CommandSpec s = PlainSpec.command(a);
    a.spec = s;
    s.name("analyze");
    s.usageMessage().description(
        "Exports journals to Parquet and answers questions about them with SQL (DuckDB).",
        "SOURCE, where a command takes one, is a journal (exported on the fly to a temporary "
            + "directory), an export directory, or a glob matching several of them. Every command "
            + "sees the views events, connections, bandwidth, flows and sessions; the reports' SQL "
            + "is printed by --print-sql, ready to adapt with 'tcptop analyze sql'.");
    PlainSpec.addStandardHelp(s);
    CommandLine cl = PlainSpec.commandLine(s);
    cl.addSubcommand("top", PlainSpec.commandLine(AnalyzeTopCommand.plainSpec(new AnalyzeTopCommand())));
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
