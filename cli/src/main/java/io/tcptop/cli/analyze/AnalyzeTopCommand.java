package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.Report;
import io.tcptop.error.UsageException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Lists the top connections of a recording: by bytes moved, by peak rate, by round-trip "
            + "time or by lifetime; or the containers or cgroups that moved the most bytes.",
        "Each ordering is a documented SQL file (top-bytes.sql, top-rate.sql, top-rtt.sql, "
            + "top-lifetime.sql, top-container.sql, top-cgroup.sql); --print-sql shows it."})
public final class AnalyzeTopCommand implements Callable<Integer> {

  /** The orderings, each one SQL file; container and cgroup rank groups of connections by bytes. */
  enum By { bytes, rate, rtt, lifetime, container, cgroup }

  @Spec CommandSpec spec;

  @Mixin ReportOptions report;

  @Option(names = "--by", paramLabel = "ORDER", defaultValue = "bytes",
      description = "Order by ${COMPLETION-CANDIDATES} (container and cgroup: their connections' bytes "
          + "together, one row per container or cgroup). Default: ${DEFAULT-VALUE}.")
  By by;

  @Option(names = "-n", paramLabel = "N", defaultValue = "10", description = "Show N rows. Default: ${DEFAULT-VALUE}.")
  int n;

  @Override
  public Integer call() {
    if (n < 1) {
      throw new UsageException("-n " + n + ": give a positive number of rows");
    }
    Report r = new Report("top-" + by, Map.of("n", Integer.toString(n)));
    return report.printOrRun(r, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
