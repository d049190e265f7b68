package io.tcptop.top;

/** What feeds the screen, live or over a recording, as the terminal loop sees it. */
public interface Feed {

  /** Hands the screen whatever is new (frames, state); true when the screen changed. */
  boolean update(TopScreen screen, long nowNs);

  /** A command the screen does not handle itself (play, step, speed, go to). */
  void command(Command command, TopScreen screen, long nowNs);

  /** How long the loop may wait for a key before {@link #update} has something to do. */
  long waitMs(long nowNs);

  /** Whether top has to end because the feed did (a live recording stopped). */
  default boolean ended() {
    return false;
  }
}
