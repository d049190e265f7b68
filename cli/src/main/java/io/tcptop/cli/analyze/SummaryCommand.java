package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.Report;
import io.tcptop.analyze.sql.ResultFormat;
import io.tcptop.analyze.sql.ResultPrinter;
import io.tcptop.error.UsageException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Describes a recording, like 'jfr summary': its time span and hosts, its sessions, "
            + "records by kind, losses, connections, and the processes that moved the most bytes.",
        "The SQL is summary.sql; --print-sql shows it."})
public final class SummaryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE",
      description = "A journal, an export directory, or a glob of them.")
  String source;

  @Option(names = "--print-sql", description = "Print the report's SQL instead of running it.")
  boolean printSql;

  @Override
  public Integer call() {
    Report r = new Report("summary", Map.of());
    PrintWriter out = spec.commandLine().getOut();
    if (printSql) {
      out.println(r.sql());
      out.flush();
      return 0;
    }
    if (source == null) {
      throw new UsageException("give a SOURCE: a journal, an export directory, or a glob");
    }
    Analysis.run(source, db -> {
      boolean first = true;
      for (Report.Section s : r.sections()) {
        if (!first) {
          out.println();
        }
        first = false;
        out.println(s.title());
        out.println();
        db.query(s.sql(), rows -> {
          if (s.vertical()) {
            ResultPrinter.vertical(rows, out);
          } else {
            ResultPrinter.print(rows, ResultFormat.table, out);
          }
        });
      }
    });
    out.flush();
    return 0;
  }
}
