package io.tcptop.cli;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.cli.metrics.MetricsAddress;
import io.tcptop.cli.metrics.MetricsServer;
import io.tcptop.cli.metrics.RecordingMetrics;
import io.tcptop.error.UsageException;
import io.tcptop.journal.JournalWriter;
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

  @Option(names = {"-o", "--output"}, paramLabel = "JOURNAL",
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

  @Option(names = "--metrics", paramLabel = "ADDR:PORT",
      description = "Serve Prometheus metrics at http://ADDR:PORT/metrics while recording (events recorded and "
          + "lost, ring fill, journal size and window, CPU, bytes per process name). A PORT alone listens on "
          + "127.0.0.1 only. Default: off.")
  String metrics;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Take the options from FILE, one 'key = value' a line, as the service does with "
          + "/etc/tcptop/recorder.conf. Keys: " + RecorderConfig.KEYS_HELP + ". Options also given on the "
          + "command line win.")
  Path config;

  @Override
  public Integer call() {
    if (config != null) {
      return RecorderConfig.run(config, spec);
    }
    if (output == null) {
      throw new UsageException("give the journal directory: -o JOURNAL (or --config FILE)");
    }
    checkOptions();
    MetricsAddress metricsAt = metrics == null ? null : MetricsAddress.parse(metrics);
    StopSignals stop = StopSignals.install();
    FlowFilter.Spec filter = filters.spec();
    long ringBytes = Recording.parseSize(ringSize);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean verbose = Tcptop.verbose(spec);

    var options = new Recording.Options(output, journalOptions.writerOptions(), intervalNs,
        durationNs == null ? 0 : durationNs, filter, ringBytes,
        verbose ? line -> err.println("libbpf: " + line) : line -> { },
        note -> {
          err.println("tcptop: note: " + note);
          err.flush();
        });
    // Listening first: a port in use fails the recorder before anything is loaded into the kernel.
    MetricsServer server = metricsAt == null ? null : MetricsServer.start(metricsAt);
    try (MetricsServer closedLast = server;
         Recording recording = Recording.open(options, stop::requested)) {
      Aggregator view = live ? new Aggregator(format.view(out)) : null;
      if (server != null) {
        // No scrape of a closed journal: the server stops before the journal closes.
        recording.alsoRecordTo((source, journal) -> RecordingMetrics.register(server.registry(), source, journal),
            server::close);
      }
      err.println("tcptop: recording to " + output + (durationNs == null ? " (Ctrl-C to stop)" : " for " + Durations.format(durationNs)));
      if (server != null) {
        err.println("tcptop: metrics at http://" + metricsAt + "/metrics");
      }
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

  /**
   * Checks the values picocli's converters leave to the command (sizes, the window, the group,
   * the metrics address) without acting on them: a configuration file's settings are checked one by one so.
   */
  void checkOptions() {
    Recording.parseSize(ringSize);
    JournalWriter.checkGroup(journalOptions.writerOptions().group());
    if (metrics != null) {
      MetricsAddress.parse(metrics);
    }
  }
}
