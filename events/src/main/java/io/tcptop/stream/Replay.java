package io.tcptop.stream;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.EventHandler;
import io.tcptop.journal.JournalReader;

/**
 * Feeds a journal through the aggregator into a tick listener: what {@code replay} prints and
 * what the bandwidth export stores come from this one path.
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
  public record Result(long records, long trafficEvents, long connections, long lost, boolean endedCleanly,
                       boolean incompleteTail) {}

  public static Result run(JournalReader reader, TickListener listener, Options options) {
    Aggregator aggregator = new Aggregator(listener);
    EventHandler chain = aggregator;
    if (options.speed() > 0) {
      chain = new Pacer(options.speed(), chain);
    }
    if (options.intervalNs() > 0) {
      chain = new Reticker(options.intervalNs(), chain);
    }
    chain = FlowFilter.wrap(options.filter(), chain);
    reader.forEach(chain);
    aggregator.finish();
    return new Result(reader.records(), aggregator.trafficEvents(), aggregator.connectionsSeen(),
        aggregator.lost(), reader.endedCleanly(), reader.incompleteTail());
  }
}
