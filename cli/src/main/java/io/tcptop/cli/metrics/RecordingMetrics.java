package io.tcptop.cli.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.journal.JournalWriter;
import io.tcptop.record.LiveSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A recording's metrics. As a handler it sits beside the journal and sees what the journal is
 * given (after the filters), counting bytes per process; after each drain ({@link #onFlush}, on
 * the recording thread) it publishes the source's and the journal's counters. Scrapes, on the
 * metrics server's thread, read only what was published, plus the journal directory's size.
 *
 * <p>The series (all counters count from the recorder's start):
 * <ul>
 *   <li>{@code tcptop_kernel_events_total}: events the kernel reported (the summary's "kernel events");
 *   <li>{@code tcptop_events_lost_total{cause}}: events lost, by cause ({@code ring_buffer_full},
 *       {@code decode_error}), as the journal's LOSS records count them;
 *   <li>{@code tcptop_ring_fill_ratio}: the fullest the kernel's ring buffer was at a drain since
 *       the previous scrape (1 means full: events are being lost), {@code tcptop_ring_size_bytes};
 *   <li>{@code tcptop_journal_records_total}, {@code tcptop_journal_written_bytes_total}: what was
 *       appended; {@code tcptop_journal_disk_bytes}: what the journal's files take on disk now;
 *       {@code tcptop_journal_window_seconds}: how far back the journal reaches (from the start of
 *       its oldest file when it rolls, else from the start of this recording);
 *   <li>{@code tcptop_traffic_bytes_total{process,direction}}: bytes sent ({@code out}) and received
 *       ({@code in}) per process name, for at most {@link #PROCESS_SERIES} names plus "other";
 *   <li>{@code process_cpu_seconds_total} and the other process metrics ({@link MetricsServer}).
 * </ul>
 */
public final class RecordingMetrics implements EventHandler {
  /** How many process names get series of their own; the rest are "other". */
  public static final int PROCESS_SERIES = 50;

  private final LiveSource source;
  private final JournalWriter journal;
  private final long startEpochMs;
  private final ProcessTraffic processes = new ProcessTraffic(PROCESS_SERIES);
  private volatile LiveSource.Counters counters = new LiveSource.Counters(0, 0, 0, 0, 0);
  private volatile long journalRecords;
  private volatile long journalBytes;
  private final AtomicLong ringPendingMax = new AtomicLong();

  private RecordingMetrics(LiveSource source, JournalWriter journal) {
    this.source = source;
    this.journal = journal;
    this.startEpochMs = System.currentTimeMillis();
  }

  /** The handler for a recording of {@code source} into {@code journal}, its series registered in {@code registry}. */
  public static RecordingMetrics register(PrometheusRegistry registry, LiveSource source, JournalWriter journal) {
    RecordingMetrics m = new RecordingMetrics(source, journal);
    m.registerIn(registry);
    return m;
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    processes.onTraffic(flow, direction, bytes);
  }

  @Override
  public void onEvent(Event event) {
    if (event instanceof Flow f) {
      processes.onFlow(f);
    } else if (event instanceof FlowGone g) {
      processes.onGone(g);
    }
  }

  @Override
  public void onFlush() {
    LiveSource.Counters c = source.counters();
    long pending = c.ringPendingMaxBytes();
    ringPendingMax.accumulateAndGet(pending, Math::max);
    counters = c;
    journalRecords = journal.records();
    journalBytes = journal.bytesWritten();
    processes.publish();
  }

  private void registerIn(PrometheusRegistry registry) {
    CounterWithCallback.builder().name("tcptop_kernel_events")
        .help("Events the kernel reported to the recorder (sends, receives, state changes, RTT samples)")
        .callback(cb -> cb.call(counters.kernelEvents()))
        .register(registry);
    CounterWithCallback.builder().name("tcptop_events_lost")
        .help("Events lost before they reached the journal, by cause (as the journal's LOSS records count them)")
        .labelNames("cause")
        .callback(cb -> {
          LiveSource.Counters c = counters;
          cb.call(c.lostRingFull(), "ring_buffer_full");
          cb.call(c.lostDecodeErrors(), "decode_error");
        })
        .register(registry);
    GaugeWithCallback.builder().name("tcptop_ring_fill_ratio")
        .help("The fullest the kernel's ring buffer was at a drain since the previous scrape (1: full, events are lost)")
        .callback(cb -> {
          long size = counters.ringSizeBytes();
          cb.call(size == 0 ? 0 : (double) ringPendingMax.getAndSet(0) / size);
        })
        .register(registry);
    GaugeWithCallback.builder().name("tcptop_ring_size_bytes").unit(Unit.BYTES)
        .help("Size of the kernel's ring buffer (--ring-size)")
        .callback(cb -> cb.call(counters.ringSizeBytes()))
        .register(registry);
    CounterWithCallback.builder().name("tcptop_journal_records")
        .help("Records appended to the journal by this recorder")
        .callback(cb -> cb.call(journalRecords))
        .register(registry);
    CounterWithCallback.builder().name("tcptop_journal_written_bytes").unit(Unit.BYTES)
        .help("Bytes appended to the journal by this recorder")
        .callback(cb -> cb.call(journalBytes))
        .register(registry);
    GaugeWithCallback.builder().name("tcptop_journal_disk_bytes").unit(Unit.BYTES)
        .help("Disk the journal's files take now (allocated blocks), older sessions' files included")
        .callback(cb -> cb.call(journal.usage().allocatedBytes()))
        .register(registry);
    GaugeWithCallback.builder().name("tcptop_journal_window_seconds").unit(Unit.SECONDS)
        .help("How far back the journal reaches: from the start of its oldest file (a rolling journal) or of this recording, to now")
        .callback(cb -> cb.call(windowSeconds()))
        .register(registry);
    CounterWithCallback.builder().name("tcptop_traffic_bytes").unit(Unit.BYTES)
        .help("Bytes sent (out) and received (in) per process name, as recorded; the first "
            + PROCESS_SERIES + " names have their own series, later ones count as \"other\"")
        .labelNames("process", "direction")
        .callback(cb -> {
          for (ProcessTraffic.Series s : processes.published()) {
            cb.call(s.publishedIn, s.process, "in");
            cb.call(s.publishedOut, s.process, "out");
          }
        })
        .register(registry);
  }

  private double windowSeconds() {
    long now = System.currentTimeMillis();
    long from = startEpochMs;
    if (journal.rolling()) {
      long oldest = journal.usage().oldestCycleStartMs();
      from = oldest == 0 ? startEpochMs : oldest;
    }
    return Math.max(0, now - from) / 1000.0;
  }
}
