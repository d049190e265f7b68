package io.tcptop.event;

/** Events dropped since the previous Loss of the same cause. */
public record Loss(long tsNs, LossCause cause, long count) implements Event {}
