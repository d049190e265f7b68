package io.tcptop.cli;

import io.tcptop.bpf.ProbeConfig;
import io.tcptop.error.JournalException;
import io.tcptop.error.TcptopException;
import io.tcptop.error.UsageException;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Proto;
import io.tcptop.event.SessionStart;
import io.tcptop.journal.DiskSpace;
import io.tcptop.journal.JournalSource;
import io.tcptop.journal.JournalWriter;
import io.tcptop.record.LiveSource;
import io.tcptop.stream.FlowFilter;
import io.tcptop.stream.Tee;
import io.tcptop.util.OutputPaths;
import io.tcptop.util.Sizes;
import io.tcptop.view.Units;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A live recording as {@code record} and {@code top} assemble it: the live source, filtered as
 * asked, into tee(journal writer, the command's view). Without a journal ({@code top} without
 * {@code -o}) the view alone watches the source.
 */
final class Recording implements AutoCloseable {

  /**
   * @param output the journal to create, or null to record nothing
   * @param journal how to write it (--force, --group, a rolling window)
   * @param durationNs stop after this long; 0 for no limit
   * @param libbpfLog receives libbpf's messages (--verbose)
   * @param notes receives what the recording says once (e.g. other users' socket owners cannot be read)
   */
  record Options(Path output, JournalWriter.Options journal, long intervalNs, long durationNs,
                 FlowFilter.Spec filter, long ringBytes, Consumer<String> libbpfLog, Consumer<String> notes) {
    Options(Path output, JournalWriter.Options journal, long intervalNs, long durationNs,
            FlowFilter.Spec filter, long ringBytes, Consumer<String> libbpfLog) {
      this(output, journal, intervalNs, durationNs, filter, ringBytes, libbpfLog, note -> { });
    }
  }

  private final Options options;
  private final LiveSource source;
  private final JournalWriter journal;
  private final DiskSpace space;
  private EventHandler alongside;
  private Runnable beforeJournalCloses = () -> { };

  private Recording(Options options, LiveSource source, JournalWriter journal, DiskSpace space) {
    this.options = options;
    this.source = source;
    this.journal = journal;
    this.space = space;
  }

  /** Checks the output, then loads the probes: events queue in the kernel's ring from now on. */
  static Recording open(Options o, BooleanSupplier stopRequested) {
    DiskSpace space = null;
    if (o.output() != null) {
      OutputPaths.refuseSymlink(o.output());
      JournalWriter.checkCanCreate(o.output(), o.journal()); // before anything is loaded into the kernel
      space = new DiskSpace(o.output());
      space.checkBeforeStart();
    }
    DiskSpace disk = space;
    var live = new LiveSource.Options(probeConfig(o.filter(), o.ringBytes()), o.intervalNs(), o.durationNs(),
        o.filter().describe(), () -> stopRequested.getAsBoolean() || (disk != null && !disk.enough()), o.libbpfLog(),
        o.filter().cgroup(), o.filter().container(), o.notes());
    LiveSource source = LiveSource.open(live);
    try {
      JournalWriter journal = o.output() == null ? null : JournalWriter.create(o.output(), o.journal());
      return new Recording(o, source, journal, space);
    } catch (JournalException e) {
      source.close();
      throw new TcptopException("cannot record: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  SessionStart header() {
    return source.header();
  }

  /**
   * Each recorded event also goes, right after the journal, to what {@code consumer} makes of the
   * live source and the journal ({@code --metrics}); {@code beforeJournalCloses} runs once the
   * source has stopped, before the journal closes.
   */
  void alsoRecordTo(BiFunction<LiveSource, JournalWriter, EventHandler> consumer, Runnable beforeJournalCloses) {
    this.alongside = consumer.apply(source, journal);
    this.beforeJournalCloses = beforeJournalCloses;
  }

  /** Records until asked to stop, then closes the journal; each event goes to the journal, then to {@code view}. */
  void run(EventHandler view) {
    EventHandler recorded = journal == null || alongside == null ? journal : new Tee(journal, alongside);
    EventHandler sink = recorded == null ? view : view == null ? recorded : new Tee(recorded, view);
    try {
      // What the kernel filtered on need not be asked again: a flow seen first from softirq has no cgroup yet.
      FlowFilter.Spec filter = source.filtersOwnersInKernel() ? options.filter().withoutCgroupAndContainer() : options.filter();
      source.forEach(FlowFilter.wrap(filter, sink));
      beforeJournalCloses.run();
      if (journal != null) {
        journal.close();
      }
    } catch (JournalException e) {
      // A journal that never got its header is removed by the writer: then there is nothing to keep.
      if (!JournalSource.looksLikeJournal(options.output())) {
        throw new TcptopException("cannot record: " + e.getMessage(), e);
      }
      throw new TcptopException("stopped recording: " + e.getMessage()
          + "; everything written before stays replayable", e);
    }
  }

  /** The line for stderr once the recording has stopped. */
  String summary() {
    LiveSource.Summary r = source.summary();
    double seconds = (r.endNs() - r.startNs()) / 1e9;
    if (journal == null) {
      return String.format(Locale.ROOT, "tcptop: watched %.1f s: %d kernel events (%.0f/s), %d lost, nothing recorded",
          seconds, r.kernelRecords(), r.kernelRecords() / Math.max(seconds, 1e-9), r.lost());
    }
    return String.format(Locale.ROOT,
        "tcptop: recorded %.1f s to %s: %d kernel events (%.0f/s), %d lost, journal %s in %d records",
        seconds, options.output(), r.kernelRecords(), r.kernelRecords() / Math.max(seconds, 1e-9), r.lost(),
        Units.size(journal.bytesWritten()), journal.records());
  }

  /** Fails when the recording stopped because the disk was almost full. */
  void checkStoppedEarly() {
    if (space != null && !space.enough()) {
      throw space.stoppedEarly();
    }
  }

  @Override
  public void close() {
    try {
      if (journal != null) {
        journal.close();
      }
    } finally {
      source.close();
    }
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
