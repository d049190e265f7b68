package io.tcptop.cli;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.stream.FlowFilter;
import io.tcptop.util.Durations;
import io.tcptop.view.OutputFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tcptop record}: parses options and runs the {@link Recording}, live source →
 * tee(journal, aggregator → view).
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Records every send and receive of every TCP and UDP socket, TCP state changes and RTT, "
            + "with eBPF, into a journal that 'tcptop replay' and 'tcptop analyze' read.",
        "Needs root, or CAP_BPF + CAP_PERFMON + CAP_NET_ADMIN. Stops on Ctrl-C, SIGTERM or "
            + "--duration, then prints a summary on stderr."})
public final class RecordCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "JOURNAL",
      description = "The journal directory to create: tcptop creates it, readable by its owner only (see --group);"
          + " not a symbolic link; an existing directory must be yours and empty, or your journal with --force.")
  Path output;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop after DURATION (e.g. 30s, 5m). Default: until Ctrl-C or SIGTERM.")
  Long durationNs;

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1s",
      description = "Tick interval of the view, recorded as TICK records. Default: ${DEFAULT-VALUE}.")
  long intervalNs;

  @Option(names = "--live", description = "Also print the streaming view on stdout while recording.")
  boolean live;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Format of the live view: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  @Mixin FilterOptions filters;

  @Option(names = "--ring-size", paramLabel = "SIZE", defaultValue = "64M",
      description = "Kernel ring buffer size, a power of two (e.g. 16M, 256M). Default: ${DEFAULT-VALUE}.")
  String ringSize;

  @Mixin JournalOptions journalOptions;

  @Override
  public Integer call() {
    StopSignals stop = StopSignals.install();
    FlowFilter.Spec filter = filters.spec();
    long ringBytes = Recording.parseSize(ringSize);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean verbose = Tcptop.verbose(spec);

    var options = new Recording.Options(output, journalOptions.writerOptions(), intervalNs,
        durationNs == null ? 0 : durationNs, filter, ringBytes,
        verbose ? line -> err.println("libbpf: " + line) : line -> { });
    try (Recording recording = Recording.open(options, stop::requested)) {
      Aggregator view = live ? new Aggregator(format.view(out)) : null;
      err.println("tcptop: recording to " + output + (durationNs == null ? " (Ctrl-C to stop)" : " for " + Durations.format(durationNs)));
      err.flush();
      recording.run(view);
      if (view != null) {
        view.finish();
      }
      out.flush();
      err.println(recording.summary());
      err.flush();
      recording.checkStoppedEarly();
      return 0;
    }
  }
}
