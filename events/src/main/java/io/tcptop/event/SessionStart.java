package io.tcptop.event;

/**
 * The first record of every stream: what was recorded where, and how to read its clock.
 *
 * @param wallClockOffsetNs add to a monotonic timestamp to get nanoseconds since the epoch
 * @param tickIntervalNs the live view's tick interval
 * @param filters the recorder's filters, as the user gave them ("" when none)
 */
public record SessionStart(
    long tsNs,
    String host,
    String kernel,
    String toolVersion,
    long wallClockOffsetNs,
    long tickIntervalNs,
    String filters)
    implements Event {

  public long toEpochNs(long monotonicNs) {
    return monotonicNs + wallClockOffsetNs;
  }

  /** When the session started, in epoch nanoseconds. */
  public long startEpochNs() {
    return toEpochNs(tsNs);
  }
}
