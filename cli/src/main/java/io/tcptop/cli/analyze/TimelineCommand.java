package io.tcptop.cli.analyze;

import io.tcptop.analyze.sql.Report;
import io.tcptop.cli.DurationConverter;
import io.tcptop.util.Durations;
import io.tcptop.error.UsageException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "timeline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Prints bandwidth over time: bytes and average rates per time bucket, per process, "
            + "connection, container or cgroup, from the same per-tick lines replay prints.",
        "The SQL is timeline-process.sql, timeline-connection.sql, timeline-container.sql or "
            + "timeline-cgroup.sql; --print-sql shows it."})
public final class TimelineCommand implements Callable<Integer> {

  enum By { process, connection, container, cgroup }

  @Spec CommandSpec spec;

  @Mixin ReportOptions report;

  @Option(names = "--by", paramLabel = "GROUP", defaultValue = "process",
      description = "One series per ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  By by;

  @Option(names = "--bucket", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
      description = "Bucket length, e.g. 500ms, 1s, 1m. Default: ${DEFAULT-VALUE}.")
  long bucketNs;

  @Override
  public Integer call() {
    if (bucketNs < 1_000) {
      throw new UsageException("--bucket " + Durations.format(bucketNs) + ": buckets are at least 1us");
    }
    Report r = new Report("timeline-" + by, Map.of("bucket", "to_microseconds(" + bucketNs / 1_000 + ")"));
    return report.printOrRun(r, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
