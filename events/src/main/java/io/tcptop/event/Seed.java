package io.tcptop.event;

/** A flow that existed before recording began: its earlier bytes are unknown. */
public record Seed(long tsNs, Flow flow, TcpState state) implements Event {}
