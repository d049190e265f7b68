package io.tcptop.replay;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource;
import io.tcptop.stream.FlowFilter;

/**
 * Feeds a source through the filter, the re-ticker, the pacer and the window's end into the
 * aggregator, whose tick lines go through the time window to a view: what {@code replay}
 * prints. The source may be any {@link EventSource}.
 */
public final class Replay {
  private Replay() {}

  /**
   * @param intervalNs re-tick every this many ns of event time; 0 keeps the recorded ticks
   * @param speed pace ticks at this multiple of the recorded pace; 0 means as fast as possible
   * @param fromEpochNs show ticks from this time on (epoch ns); {@link Long#MIN_VALUE} for all
   * @param toEpochNs show ticks up to this time (epoch ns), and stop reading after it;
   *     {@link Long#MAX_VALUE} for all
   */
  public record Options(FlowFilter.Spec filter, long intervalNs, double speed, long fromEpochNs, long toEpochNs) {
    public static final Options DEFAULT = new Options(FlowFilter.Spec.ALL, 0, 0);

    public Options(FlowFilter.Spec filter, long intervalNs, double speed) {
      this(filter, intervalNs, speed, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public Options window(long fromEpochNs, long toEpochNs) {
      return new Options(filter, intervalNs, speed, fromEpochNs, toEpochNs);
    }

    boolean windowed() {
      return fromEpochNs != Long.MIN_VALUE || toEpochNs != Long.MAX_VALUE;
    }
  }

  /** What a replay saw, for the summary line. */
  public record Result(EventSource.Outcome outcome, long trafficEvents, long connections, long lost) {}

  public static Result run(EventSource source, TickListener view, Options options) {
    TickListener shown = options.windowed() ? new TimeWindow(options.fromEpochNs(), options.toEpochNs(), view) : view;
    Aggregator aggregator = new Aggregator(shown);
    long lastTickNs = options.toEpochNs() == Long.MAX_VALUE ? Long.MAX_VALUE
        : options.toEpochNs() - source.header().wallClockOffsetNs();
    EventHandler chain = aggregator;
    if (lastTickNs != Long.MAX_VALUE) {
      chain = new WindowEnd(lastTickNs, chain);
    }
    if (options.speed() > 0) {
      chain = new Pacer(options.speed(), lastTickNs, chain);
    }
    if (options.intervalNs() > 0) {
      chain = new Reticker(options.intervalNs(), chain);
    }
    EventSource.Outcome outcome = source.forEach(FlowFilter.wrap(options.filter(), chain));
    aggregator.finish();
    return new Result(outcome, aggregator.trafficEvents(), aggregator.connectionsSeen(), aggregator.lost());
  }
}
