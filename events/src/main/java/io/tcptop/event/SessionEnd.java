package io.tcptop.event;

/** The last record of a cleanly ended journal, with the recorder's totals. */
public record SessionEnd(long tsNs, long events, long lost) implements Event {}
