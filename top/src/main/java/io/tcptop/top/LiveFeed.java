package io.tcptop.top;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The live view's feed: the recording's thread hands each tick's frame over without waiting
 * (the newest replaces one not yet drawn, so a slow terminal never holds up the recording), and
 * the terminal loop draws the newest. Pausing freezes the screen; the recording goes on.
 */
public final class LiveFeed implements FrameSink, Feed {
  private final AtomicReference<Frame> latest = new AtomicReference<>();
  private final BooleanSupplier sourceEnded;
  private final Status status;
  private boolean paused;

  /** @param sourceEnded whether the recording has stopped (then top ends too) */
  public LiveFeed(Status status, BooleanSupplier sourceEnded) {
    this.status = status;
    this.sourceEnded = sourceEnded;
  }

  @Override
  public void frame(Frame frame) {
    latest.set(frame);
  }

  @Override
  public boolean update(TopScreen screen, long nowNs) {
    if (paused) {
      return false;
    }
    Frame f = latest.getAndSet(null);
    if (f != null) {
      screen.show(f);
    }
    return f != null;
  }

  @Override
  public void command(Command command, TopScreen screen, long nowNs) {
    if (command.kind() == Command.Kind.PLAY_PAUSE) {
      paused = !paused;
      screen.status(status.withState(paused ? "❚❚ paused (still recording)" : status.state()));
      if (paused) {
        screen.message("paused: the screen stays on this tick while recording goes on; p resumes", false);
      }
    }
  }

  @Override
  public long waitMs(long nowNs) {
    return 100;
  }

  @Override
  public boolean ended() {
    return sourceEnded.getAsBoolean();
  }
}
