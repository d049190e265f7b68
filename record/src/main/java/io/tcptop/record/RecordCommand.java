package io.tcptop.record;

import io.tcptop.Version;
import io.tcptop.aggregate.Aggregator;
import io.tcptop.bpf.ProbeConfig;
import io.tcptop.bpf.Protocol;
import io.tcptop.cli.Durations;
import io.tcptop.cli.FilterOptions;
import io.tcptop.error.JournalException;
import io.tcptop.error.TcptopException;
import io.tcptop.error.UsageException;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Proto;
import io.tcptop.event.SessionStart;
import io.tcptop.journal.JournalFormat;
import io.tcptop.journal.JournalWriter;
import io.tcptop.stream.FlowFilter;
import io.tcptop.stream.Tee;
import io.tcptop.view.OutputFormat;
import io.tcptop.view.Units;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
      description = "The journal directory to create (readable by its owner only).")
  Path output;

  @Option(names = "--duration", paramLabel = "DURATION", converter = Durations.class,
      description = "Stop after DURATION (e.g. 30s, 5m). Default: until Ctrl-C or SIGTERM.")
  Long durationNs;

  @Option(names = "--interval", paramLabel = "DURATION", converter = Durations.class, defaultValue = "1s",
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

  @Option(names = "--force", description = "Overwrite an existing journal at the output path.")
  boolean force;

  @Override
  public Integer call() {
    StopSignals stop = StopSignals.install();
    FlowFilter.Spec filter = filters.spec();
    ProbeConfig config = probeConfig(filter, parseSize(ringSize));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // --verbose is inherited: it may have been given before or after 'record'.
    boolean verbose = spec.commandLine().getParseResult().hasMatchedOption("--verbose")
        || spec.root().commandLine().getParseResult().hasMatchedOption("--verbose");

    JournalWriter.checkCanCreate(output, force);
    DiskSpace space = new DiskSpace(output);
    space.checkBeforeStart();
    FlowRegistry flows = new FlowRegistry();
    try (KernelSource kernel = KernelSource.open(config, verbose ? line -> err.println("libbpf: " + line) : line -> { }, flows)) {
      long start = System.nanoTime();
      SessionStart header = new SessionStart(start, JournalFormat.VERSION, SessionInfo.hostname(),
          SessionInfo.kernelRelease(), "tcptop " + Version.get(), SessionInfo.wallClockOffsetNs(), intervalNs,
          filter.describe());
      try (JournalWriter journal = JournalWriter.create(output, header, JournalWriter.Options.defaults().withForce(force))) {
        Aggregator view = null;
        EventHandler handler = journal;
        if (live) {
          view = new Aggregator(format.view(out));
          view.onEvent(header);
          handler = new Tee(journal, view);
        }
        handler = FlowFilter.wrap(filter, handler);
        kernel.deliverTo(handler);
        Recorder recorder = new Recorder(kernel, flows, handler, intervalNs, stop::requested);
        err.println("tcptop: recording to " + output + (durationNs == null ? " (Ctrl-C to stop)" : " for " + Durations.format(durationNs)));
        err.flush();
        recorder.seed(start, ProcSockets.scan(Path.of("/proc")));
        long until = durationNs == null ? Long.MAX_VALUE : start + durationNs;
        Recorder.Result r = recorder.run(start, until, () -> {
          journal.flush();
          return space.enough();
        });
        journal.close();
        if (view != null) {
          view.finish();
        }
        out.flush();
        err.println(summary(r, journal));
        err.flush();
        if (!space.enough()) {
          throw space.stoppedEarly();
        }
        return 0;
      } catch (JournalException e) {
        throw new TcptopException("stopped recording: " + e.getMessage()
            + "; everything written before stays replayable", e);
      }
    }
  }

  private String summary(Recorder.Result r, JournalWriter journal) {
    double seconds = (r.endNs() - r.startNs()) / 1e9;
    return String.format(Locale.ROOT,
        "tcptop: recorded %.1f s to %s: %d kernel events (%.0f/s), %d lost, journal %s in %d records",
        seconds, output, r.kernelRecords(), r.kernelRecords() / Math.max(seconds, 1e-9), r.lost(),
        Units.size(journal.bytesWritten()), journal.events());
  }

  private static ProbeConfig probeConfig(FlowFilter.Spec filter, long ringBytes) {
    // The recorder itself moves no socket bytes (it writes files), so it need not exclude itself.
    ProbeConfig c = ProbeConfig.defaults().withRingSizeBytes(ringBytes);
    if (filter.pid() != null) {
      c = c.withPids(Set.of(filter.pid()));
    }
    if (filter.port() != null) {
      c = c.withPorts(Set.of(filter.port()));
    }
    if (filter.proto() != null) {
      c = c.withProtocols(EnumSet.of(filter.proto() == Proto.TCP ? Protocol.TCP : Protocol.UDP));
    }
    return c;
  }

  static long parseSize(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long factor = 1;
    if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    if (!t.isEmpty() && "KMG".indexOf(t.charAt(t.length() - 1)) >= 0) {
      factor = 1L << (10 * ("KMG".indexOf(t.charAt(t.length() - 1)) + 1));
      t = t.substring(0, t.length() - 1);
    }
    try {
      long v = Long.parseLong(t) * factor;
      if (v >= 4096 && v <= (1L << 30) && Long.bitCount(v) == 1) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // fall through
    }
    throw new UsageException("--ring-size " + text + ": use a power of two from 4K to 1G, e.g. 64M");
  }
}
