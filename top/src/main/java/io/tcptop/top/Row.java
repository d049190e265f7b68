package io.tcptop.top;

import io.tcptop.aggregate.ConnectionLine;

/** One open connection in a frame: the aggregator's line for the tick, and the connection's past. */
public record Row(ConnectionLine line, History history) {}
