package io.tcptop.cli;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.bpf.ProbeConfig;
import io.tcptop.error.JournalException;
import io.tcptop.error.TcptopException;
import io.tcptop.error.UsageException;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Proto;
import io.tcptop.journal.DiskSpace;
import io.tcptop.journal.JournalSource;
import io.tcptop.journal.JournalWriter;
import io.tcptop.journal.Retention;
import io.tcptop.record.LiveSource;
import io.tcptop.stream.FlowFilter;
import io.tcptop.stream.Tee;
import io.tcptop.util.Durations;
import io.tcptop.util.Sizes;
import io.tcptop.util.OutputPaths;
import io.tcptop.view.OutputFormat;
import io.tcptop.view.Units;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tcptop record}: parses options and assembles the recording, live source →
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

  @Option(names = "--force", description = "Overwrite an existing journal at the output path.")
  boolean force;

  @Option(names = "--group", paramLabel = "GROUP",
      description = "Let the members of GROUP read the journal: directory mode 2750 (set-group-ID, so every file"
          + " gets the group), files 0640. Default: the journal is readable by its owner only (0700, 0600).")
  String group;

  @Option(names = "--max-age", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Keep recording indefinitely, but keep only the last DURATION (at least 1m) in the "
          + "journal: a rolling journal of one-minute files, the oldest deleted as the window moves. "
          + "Whole minutes are kept, at least three, so the oldest event kept is at most DURATION plus "
          + "one minute old. Restarted on its own journal, it continues it as a new session.")
  Long maxAgeNs;

  @Option(names = "--max-size", paramLabel = "SIZE",
      description = "Keep recording indefinitely, but keep the journal's files under SIZE (e.g. 2G; at least "
          + "64M) of disk, counted in allocated blocks: the oldest one-minute files are deleted, at least "
          + "three are kept, so the journal may exceed SIZE by at most one minute of recording.")
  String maxSize;

  @Override
  public Integer call() {
    StopSignals stop = StopSignals.install();
    FlowFilter.Spec filter = filters.spec();
    ProbeConfig probes = probeConfig(filter, parseSize(ringSize));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean verbose = Tcptop.verbose(spec);

    OutputPaths.refuseSymlink(output);
    Retention window = window();
    var journalOptions = JournalWriter.Options.defaults().withForce(force).withGroup(group);
    if (window != null) {
      journalOptions = journalOptions.rolling(window);
    }
    JournalWriter.checkCanCreate(output, journalOptions); // before anything is loaded into the kernel
    DiskSpace space = new DiskSpace(output);
    space.checkBeforeStart();
    var options = new LiveSource.Options(probes, intervalNs, durationNs == null ? 0 : durationNs,
        filter.describe(), () -> stop.requested() || !space.enough(),
        verbose ? line -> err.println("libbpf: " + line) : line -> { }, filter.cgroup(), filter.container(),
        note -> {
          err.println("tcptop: " + note);
          err.flush();
        });
    try (LiveSource source = LiveSource.open(options);
         JournalWriter journal = JournalWriter.create(output, journalOptions)) {
      Aggregator view = live ? new Aggregator(format.view(out)) : null;
      EventHandler sink = view == null ? journal : new Tee(journal, view);
      err.println("tcptop: recording to " + output + (durationNs == null ? " (Ctrl-C to stop)" : " for " + Durations.format(durationNs)));
      err.flush();
      // What the kernel filtered on need not be asked again: a flow seen first from softirq has no cgroup yet.
      source.forEach(FlowFilter.wrap(source.filtersOwnersInKernel() ? filter.withoutCgroupAndContainer() : filter, sink));
      journal.close();
      if (view != null) {
        view.finish();
      }
      out.flush();
      err.println(summary(source.summary(), journal));
      err.flush();
      if (!space.enough()) {
        throw space.stoppedEarly();
      }
      return 0;
    } catch (JournalException e) {
      // A journal that never got its header is removed by the writer: then there is nothing to keep.
      if (!JournalSource.looksLikeJournal(output)) {
        throw new TcptopException("cannot record: " + e.getMessage(), e);
      }
      throw new TcptopException("stopped recording: " + e.getMessage()
          + "; everything written before stays replayable", e);
    }
  }

  /** The rolling window the options ask for, or null for a journal that keeps everything. */
  private Retention window() {
    if (maxAgeNs == null && maxSize == null) {
      return null;
    }
    long cycleNs = JournalWriter.rollingCycleMillis() * 1_000_000L;
    if (maxAgeNs != null && maxAgeNs < cycleNs) {
      throw new UsageException("--max-age " + Durations.format(maxAgeNs) + " is shorter than one of the journal's "
          + "files (" + Durations.format(cycleNs) + "): give at least " + Durations.format(cycleNs));
    }
    long bytes = maxSize == null ? 0 : Sizes.parse(maxSize, "--max-size");
    if (maxSize != null && bytes < (64L << 20)) {
      throw new UsageException("--max-size " + maxSize + " is smaller than the three one-minute files a "
          + "rolling journal keeps at the least: give at least 64M");
    }
    return new Retention(maxAgeNs == null ? 0 : maxAgeNs / 1_000_000, bytes, 3);
  }

  private String summary(LiveSource.Summary r, JournalWriter journal) {
    double seconds = (r.endNs() - r.startNs()) / 1e9;
    return String.format(Locale.ROOT,
        "tcptop: recorded %.1f s to %s: %d kernel events (%.0f/s), %d lost, journal %s in %d records",
        seconds, output, r.kernelRecords(), r.kernelRecords() / Math.max(seconds, 1e-9), r.lost(),
        Units.size(journal.bytesWritten()), journal.records());
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
      c = c.withProtocols(filter.proto() == Proto.TCP, filter.proto() == Proto.UDP);
    }
    if (filter.netns() != null) {
      c = c.withNetns(Set.of(filter.netns()));
    }
    // --cgroup and --container are resolved against the cgroup hierarchy by LiveSource.
    return c;
  }

  static long parseSize(String text) {
    long v = Sizes.parse(text, "--ring-size");
    if (v >= 4096 && v <= (1L << 30) && Long.bitCount(v) == 1) {
      return v;
    }
    throw new UsageException("--ring-size " + text + ": use a power of two from 4K to 1G, e.g. 64M");
  }
}
