package io.tcptop.top;

import io.tcptop.journal.JournalSource;
import java.util.Map;
import java.util.TreeMap;

/**
 * States saved while a recording is read, every {@code spacing} ticks, so that reaching any tick
 * costs at most {@code spacing} ticks of reading from the nearest state before it instead of a
 * reading from the start. Bounded: when the states held pass the budget, every other one is
 * dropped and the spacing doubles. The player's readings and the background indexer both add to
 * it, so it is thread-safe; a state is immutable, and can be started from any number of times.
 */
final class Snapshots {

  /**
   * The frame maker's state after tick {@code tick} and where in the journal that tick ends.
   *
   * @param epochNs when that tick ended
   * @param latestEpochNs the latest end of any tick up to it (ticks normally only move forward)
   */
  record Snapshot(long tick, long epochNs, long latestEpochNs, FrameMaker.Saved maker, JournalSource.Position position) {
    long bytes() {
      return maker.bytes() + position.bytes();
    }
  }

  private final long budgetBytes;
  private final long endEpochNs;
  private final TreeMap<Long, Snapshot> byTick = new TreeMap<>();
  private long spacing;
  private long bytes;
  private boolean planned;

  /**
   * @param spacing ticks between two states to begin with
   * @param budgetBytes the most the states may hold; none that takes more than a quarter of it is kept
   * @param endEpochNs about where the recording ends, to plan the spacing with; {@link Long#MIN_VALUE}
   *     or {@link Long#MAX_VALUE} when unknown
   */
  Snapshots(int spacing, long budgetBytes, long endEpochNs) {
    if (spacing < 1) {
      throw new IllegalArgumentException("spacing " + spacing);
    }
    this.spacing = spacing;
    this.budgetBytes = budgetBytes;
    this.endEpochNs = endEpochNs;
  }

  /**
   * After tick {@code index} of a reading: saves the frame maker's state and the journal's position
   * if a state is due there and the position can be resumed from.
   */
  void offer(long index, long epochNs, long latestEpochNs, FrameMaker maker, JournalSource source) {
    if (!due(index)) {
      return;
    }
    long size = maker.saveBytes();
    if (!fits(size) || !plan(index, epochNs, maker.tickIntervalNs(), size)) {
      return;
    }
    JournalSource.Position p = source.position();
    if (p != null) {
      add(new Snapshot(index, epochNs, latestEpochNs, maker.save(), p));
    }
  }

  /**
   * At the first state: widens the spacing so that states of this size all the way to the end
   * fit the budget, sparing the states that thinning would drop. Whether this tick is still due.
   */
  private synchronized boolean plan(long index, long epochNs, long intervalNs, long stateBytes) {
    if (!planned) {
      planned = true;
      boolean endKnown = endEpochNs != Long.MIN_VALUE && endEpochNs != Long.MAX_VALUE && intervalNs > 0;
      long ticks = endKnown ? index + 1 + Math.max(0, (endEpochNs - epochNs) / intervalNs) : 0;
      while (ticks / spacing * stateBytes > budgetBytes) {
        spacing *= 2;
      }
    }
    return due(index);
  }

  /** Whether a state after this tick is wanted (before it is made: making one copies the state). */
  synchronized boolean due(long tick) {
    return tick % spacing == 0 && !byTick.containsKey(tick);
  }

  /** Whether a state of this size may be kept at all. */
  boolean fits(long stateBytes) {
    return stateBytes <= budgetBytes / 4;
  }

  synchronized void add(Snapshot s) {
    if (!due(s.tick()) || !fits(s.bytes())) {
      return;
    }
    byTick.put(s.tick(), s);
    bytes += s.bytes();
    while (bytes > budgetBytes && byTick.size() > 1) {
      spacing *= 2;
      var it = byTick.values().iterator();
      while (it.hasNext()) {
        Snapshot old = it.next();
        if (old.tick() % spacing != 0) {
          it.remove();
          bytes -= old.bytes();
        }
      }
    }
  }

  /** The latest state from which reading on reaches {@code target}, or null: read from the start. */
  synchronized Snapshot before(JournalPlayer.Target target) {
    return switch (target) {
      case JournalPlayer.Target.Tick k -> value(byTick.floorEntry(k.index() - 1));
      case JournalPlayer.Target.Time w -> {
        for (Snapshot s : byTick.descendingMap().values()) {
          if (s.latestEpochNs() < w.epochNs()) {
            yield s;
          }
        }
        yield null;
      }
      case JournalPlayer.Target.Last l -> value(byTick.lastEntry());
    };
  }

  /** Forgets every state: the journal no longer holds where they were (a rolling recorder deleted it). */
  synchronized void clear() {
    byTick.clear();
    bytes = 0;
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized int size() {
    return byTick.size();
  }

  synchronized long spacing() {
    return spacing;
  }

  private static Snapshot value(Map.Entry<Long, Snapshot> e) {
    return e == null ? null : e.getValue();
  }
}
