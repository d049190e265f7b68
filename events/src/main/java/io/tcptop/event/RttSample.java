package io.tcptop.event;

/** The smoothed RTT of a TCP flow, in microseconds. */
public record RttSample(long tsNs, Flow flow, int srttUs) implements Event {}
