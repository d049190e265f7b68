package io.tcptop.event;

/** A tick boundary of the view, decided by the recorder in event time. */
public record Tick(long tsNs) implements Event {}
