package io.tcptop.event;

/** Bytes sent or received on a flow. The hot path passes these fields without this record. */
public record Traffic(long tsNs, Flow flow, Direction direction, int bytes) implements Event {}
