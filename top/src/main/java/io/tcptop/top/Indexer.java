package io.tcptop.top;

import io.tcptop.journal.JournalSource;
import io.tcptop.stream.FlowFilter;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads a recording once to its end on a thread of its own, making no frames, and saves states
 * into {@link Snapshots} on the way: while the user looks at the first ticks, the rest of the
 * recording becomes cheap to reach. The player waits for it rather than reading the same part
 * itself (see {@link #ahead}).
 */
final class Indexer implements FrameSink {
  private final Supplier<JournalSource> opener;
  private final FlowFilter.Spec filter;
  private final Snapshots snapshots;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean done;
  /** The last tick read, and the latest end of a tick so far. */
  private volatile long tick = -1;
  private volatile long latestEpochNs = Long.MIN_VALUE;
  private JournalSource source;
  private FrameMaker maker;

  Indexer(Supplier<JournalSource> opener, FlowFilter.Spec filter, Snapshots snapshots) {
    this.opener = opener;
    this.filter = filter;
    this.snapshots = snapshots;
    this.thread = new Thread(this::run, "tcptop-index");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try (JournalSource s = opener.get()) {
      source = s;
      maker = new FrameMaker(this);
      s.forEach(FlowFilter.wrap(filter, maker));
    } catch (RuntimeException e) {
      // The player reads what it needs itself, and reports what is wrong with the journal.
    } finally {
      done = true;
    }
  }

  /**
   * Whether the indexer is still reading and has read past {@code afterTick} (where the reader
   * asking would start) without reaching {@code target} yet: then waiting for it costs less than
   * reading the same ticks again.
   */
  boolean ahead(long afterTick, JournalPlayer.Target target) {
    if (done || tick <= afterTick) {
      return false;
    }
    return switch (target) {
      case JournalPlayer.Target.Tick k -> tick < k.index();
      case JournalPlayer.Target.Time w -> latestEpochNs < w.epochNs();
      case JournalPlayer.Target.Last l -> true;
    };
  }

  boolean done() {
    return done;
  }

  @Override
  public boolean wants(long index, long epochNs) {
    return false;
  }

  @Override
  public void ticked(long index, long epochNs) {
    latestEpochNs = Math.max(latestEpochNs, epochNs);
    snapshots.offer(index, epochNs, latestEpochNs, maker, source);
    tick = index;
  }

  @Override
  public void frame(Frame frame) {
    // wants none
  }

  @Override
  public boolean wantsMore() {
    return !closed;
  }

  void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
