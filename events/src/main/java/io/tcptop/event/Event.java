package io.tcptop.event;

/**
 * Everything a source hands to its consumers, live or recorded. The same types come from the
 * kernel collector and from a journal, so consumers never ask where an event came from.
 * Timestamps are the kernel's monotonic clock in nanoseconds; {@link SessionStart} holds the
 * offset that turns them into wall-clock time.
 */
public sealed interface Event
    permits SessionStart, Flow, Traffic, StateChange, RttSample, Seed, Tick, Loss, SessionEnd, FlowGone,
        ConnectionSnapshot {
  /** Monotonic timestamp, nanoseconds. */
  long tsNs();
}
