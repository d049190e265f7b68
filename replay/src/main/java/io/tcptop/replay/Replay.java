package io.tcptop.replay;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource;
import io.tcptop.stream.FlowFilter;

/**
 * Feeds a source through the filter, the re-ticker and the pacer into the aggregator, whose tick
 * lines go to a view: what {@code replay} prints. The source may be any {@link EventSource}.
 */
public final class Replay {
  private Replay() {}

  /**
   * @param intervalNs re-tick every this many ns of event time; 0 keeps the recorded ticks
   * @param speed pace ticks at this multiple of the recorded pace; 0 means as fast as possible
   */
  public record Options(FlowFilter.Spec filter, long intervalNs, double speed) {
    public static final Options DEFAULT = new Options(FlowFilter.Spec.ALL, 0, 0);
  }

  /** What a replay saw, for the summary line. */
  public record Result(EventSource.Outcome outcome, long trafficEvents, long connections, long lost) {}

  public static Result run(EventSource source, TickListener view, Options options) {
    Aggregator aggregator = new Aggregator(view);
    EventHandler chain = aggregator;
    if (options.speed() > 0) {
      chain = new Pacer(options.speed(), chain);
    }
    if (options.intervalNs() > 0) {
      chain = new Reticker(options.intervalNs(), chain);
    }
    EventSource.Outcome outcome = source.forEach(FlowFilter.wrap(options.filter(), chain));
    aggregator.finish();
    return new Result(outcome, aggregator.trafficEvents(), aggregator.connectionsSeen(), aggregator.lost());
  }
}
