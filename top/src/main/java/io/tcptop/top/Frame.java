package io.tcptop.top;

import io.tcptop.event.SessionStart;
import java.util.List;

/**
 * One tick as top shows it: every connection open at the tick (idle ones with zero rates), the
 * header's totals, and the session it belongs to. Immutable, so the thread that runs the
 * aggregator can hand it to the one that draws.
 *
 * @param index the tick's number in its stream, from 0
 * @param tsNs the tick's monotonic time; {@code epochNs} the same as wall-clock time
 * @param tickLengthNs how much event time the tick covers
 * @param rows the open connections, in no particular order
 */
public record Frame(SessionStart session, long index, long tsNs, long epochNs, long tickLengthNs,
                   List<Row> rows, Totals totals) {}
