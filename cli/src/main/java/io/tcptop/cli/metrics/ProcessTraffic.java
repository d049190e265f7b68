package io.tcptop.cli.metrics;

import io.tcptop.event.Direction;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.util.LongMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes in and out per process name, for metrics, with a bounded set of names: the first
 * {@code limit} names that own a flow get a series of their own, every later one is counted as
 * {@link #OTHER}. A name keeps its series for the recorder's life, so every series only grows (a
 * "top N" that changed members would make counters go down, which Prometheus reads as a reset).
 *
 * <p>The recording thread counts ({@link #onTraffic}, {@link #onFlow}: a map lookup and two
 * additions per event) and {@link #publish}es after each drain; a scrape reads what was
 * published, from another thread.
 */
final class ProcessTraffic {
  static final String OTHER = "other";

  /** One series: counted by the recording thread, published for the scraper. */
  static final class Series {
    final String process;
    long in;
    long out;
    volatile long publishedIn;
    volatile long publishedOut;

    Series(String process) {
      this.process = process;
    }
  }

  private final int limit;
  private final Map<String, Series> byName = new HashMap<>();
  private final List<Series> all = new ArrayList<>();
  private final LongMap<Series> byFlow = new LongMap<>();
  private Series other;
  private volatile List<Series> published = List.of();

  ProcessTraffic(int limit) {
    this.limit = limit;
  }

  /** A flow described, or described again with a new owner. */
  void onFlow(Flow flow) {
    byFlow.put(flow.id(), series(flow.comm()));
  }

  void onGone(FlowGone gone) {
    byFlow.remove(gone.flowId());
  }

  void onTraffic(Flow flow, Direction direction, int bytes) {
    Series s = byFlow.get(flow.id());
    if (s == null) {
      s = series(flow.comm());
      byFlow.put(flow.id(), s);
    }
    if (direction == Direction.SEND) {
      s.out += bytes;
    } else {
      s.in += bytes;
    }
  }

  void publish() {
    for (Series s : all) {
      s.publishedIn = s.in;
      s.publishedOut = s.out;
    }
    if (published.size() != all.size()) {
      published = List.copyOf(all);
    }
  }

  /** The series as last published; safe from any thread. */
  List<Series> published() {
    return published;
  }

  /** The series of a name: its own while there is room, else (and for a process named "other") OTHER's. */
  private Series series(String comm) {
    String name = comm == null ? "" : comm;
    Series s = byName.get(name);
    if (s != null) {
      return s;
    }
    if (byName.size() < limit && !name.equals(OTHER)) {
      s = new Series(name);
      byName.put(name, s);
    } else {
      if (other == null) {
        other = new Series(OTHER);
      }
      s = other;
    }
    if (!all.contains(s)) {
      all.add(s);
    }
    return s;
  }
}
