package io.tcptop.cli;

import io.tcptop.bpf.ProbeConfig;
import io.tcptop.error.JournalException;
import io.tcptop.error.TcptopException;
import io.tcptop.error.UsageException;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Proto;
import io.tcptop.event.SessionStart;
import io.tcptop.journal.DiskSpace;
import io.tcptop.journal.JournalWriter;
import io.tcptop.record.LiveSource;
import io.tcptop.stream.FlowFilter;
import io.tcptop.stream.Tee;
import io.tcptop.view.Units;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
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
   * @param durationNs stop after this long; 0 for no limit
   * @param libbpfLog receives libbpf's messages (--verbose)
   */
  record Options(Path output, boolean force, long intervalNs, long durationNs, FlowFilter.Spec filter,
                 long ringBytes, Consumer<String> libbpfLog) {}

  private final Options options;
  private final LiveSource source;
  private final JournalWriter journal;
  private final DiskSpace space;

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
      JournalWriter.checkCanCreate(o.output(), o.force());
      space = new DiskSpace(o.output());
      space.checkBeforeStart();
    }
    DiskSpace disk = space;
    var live = new LiveSource.Options(probeConfig(o.filter(), o.ringBytes()), o.intervalNs(), o.durationNs(),
        o.filter().describe(), () -> stopRequested.getAsBoolean() || (disk != null && !disk.enough()), o.libbpfLog());
    LiveSource source = LiveSource.open(live);
    try {
      JournalWriter journal = o.output() == null ? null
          : JournalWriter.create(o.output(), JournalWriter.Options.defaults().withForce(o.force()));
      return new Recording(o, source, journal, space);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  SessionStart header() {
    return source.header();
  }

  /** Records until asked to stop, then closes the journal; each event goes to the journal, then to {@code view}. */
  void run(EventHandler view) {
    EventHandler sink = journal == null ? view : view == null ? journal : new Tee(journal, view);
    try {
      source.forEach(FlowFilter.wrap(options.filter(), sink));
      if (journal != null) {
        journal.close();
      }
    } catch (JournalException e) {
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
