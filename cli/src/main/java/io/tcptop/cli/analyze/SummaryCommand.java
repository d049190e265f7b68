package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.Report;
import io.tcptop.analyze.sql.ResultFormat;
import io.tcptop.analyze.sql.ResultPrinter;
import io.tcptop.cli.ZoneOption;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @ArgGroup(exclusive = true, multiplicity = "1")
  SourceOrSql target;

  @Mixin ZoneOption tz;

  @Mixin OwnerFilterOptions owners;

  @Override
  public Integer call() {
    Report r = new Report("summary", Map.of());
    PrintWriter out = spec.commandLine().getOut();
    if (target.printSql) {
      out.println(r.sql());
      out.flush();
      return 0;
    }
    ResultPrinter printer = new ResultPrinter(ResultFormat.table, tz.zone(), out);
    int exit = Analysis.run(target.source, owners.filter(), spec.commandLine().getErr(), db -> {
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
            printer.vertical(rows);
          } else {
            printer.print(rows);
          }
        });
      }
    });
    out.flush();
    return exit;
  }
}
