package io.tcptop.top;

/**
 * What the screen's header says about where frames come from, set by whoever feeds the screen.
 *
 * @param source what is shown, e.g. "recording /tmp/incident" or "live, recording to /tmp/j"
 * @param state the player's or live view's state, e.g. "▶ playing 2x", "paused", "end of recording"
 * @param startEpochNs the recording's first and last moment, for the timeline; {@code endEpochNs}
 *     is {@link Long#MIN_VALUE} when there is no timeline (live)
 * @param damage what of a damaged journal was skipped, shown as a banner; null when nothing was
 */
public record Status(String source, String state, long startEpochNs, long endEpochNs, String damage) {

  public Status(String source, String state, long startEpochNs, long endEpochNs) {
    this(source, state, startEpochNs, endEpochNs, null);
  }

  public static Status live(String source, String state) {
    return new Status(source, state, Long.MIN_VALUE, Long.MIN_VALUE);
  }

  public boolean hasTimeline() {
    return endEpochNs != Long.MIN_VALUE;
  }

  public Status withState(String newState) {
    return new Status(source, newState, startEpochNs, endEpochNs, damage);
  }

  public Status withDamage(String what) {
    return new Status(source, state, startEpochNs, endEpochNs, what);
  }
}
