package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.Report;
import io.tcptop.error.UsageException;
import java.util.Map;
import java.util.concurrent.Callable;
import io.tcptop.cli.PlainSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {AnalyzeTopCommand.ABOUT, AnalyzeTopCommand.ABOUT_SQL})
public final class AnalyzeTopCommand implements Callable<Integer> {
  // The texts once, for the annotations and the hand-built mirror alike.
  static final String ABOUT = "Lists the top connections of a recording: by bytes moved, by peak rate, by round-trip "
      + "time or by lifetime; or the containers or cgroups that moved the most bytes.";
  static final String ABOUT_SQL = "Each ordering is a documented SQL file (top-bytes.sql, top-rate.sql, top-rtt.sql, "
      + "top-lifetime.sql, top-container.sql, top-cgroup.sql); --print-sql shows it.";
  private static final String BY = "Order by ${COMPLETION-CANDIDATES} (container and cgroup: their connections' bytes "
      + "together, one row per container or cgroup). Default: ${DEFAULT-VALUE}.";
  private static final String N = "Show N rows. Default: ${DEFAULT-VALUE}.";

  /** The orderings, each one SQL file; container and cgroup rank groups of connections by bytes. */
  enum By { bytes, rate, rtt, lifetime, container, cgroup }

  @Spec CommandSpec spec;

  @Mixin ReportOptions report;

  @Option(names = "--by", paramLabel = "ORDER", defaultValue = "bytes", description = BY)
  By by;

  @Option(names = "-n", paramLabel = "N", defaultValue = "10", description = N)
  int n;

  /** This command as the annotations above declare it, built by hand ({@link PlainSpec}). */
  static CommandSpec plainSpec(AnalyzeTopCommand t) {
    CommandSpec s = PlainSpec.command(t);
    t.spec = s;
    s.name("top");
    s.usageMessage().sortOptions(false);
    s.usageMessage().description(ABOUT, ABOUT_SQL);
    t.report = new ReportOptions();
    s.addMixin("report", ReportOptions.plainSpec(t.report));
    s.addOption(PlainSpec.option(OptionSpec.builder("--by").paramLabel("ORDER").defaultValue("bytes").type(By.class)
        .description(BY), PlainSpec.bind(() -> t.by, v -> t.by = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("-n").paramLabel("N").defaultValue("10").type(int.class)
        .description(N), PlainSpec.bind(() -> t.n, v -> t.n = v)));
    PlainSpec.addStandardHelp(s);
    return s;
  }

  @Override
  public Integer call() {
    if (n < 1) {
      throw new UsageException("-n " + n + ": give a positive number of rows");
    }
    Report r = new Report("top-" + by, Map.of("n", Integer.toString(n)));
    return report.printOrRun(r, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
