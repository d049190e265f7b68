package io.tcptop.top;

import io.tcptop.error.UsageException;
import io.tcptop.event.EventSource;
import io.tcptop.util.TimeArg;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * The player over a recording, on the terminal's thread: plays ticks at the recorded pace times
 * the speed, pauses, steps, changes speed and goes to a time, by asking the {@link JournalPlayer}
 * for ticks. It always asks for the next tick ahead of time, so playing and stepping forward show
 * a frame that is already made.
 */
public final class Playback implements Feed {
  private static final double[] SPEEDS = {1 / 16.0, 1 / 8.0, 1 / 4.0, 1 / 2.0, 1, 2, 4, 8, 16, 32, 64, 128, 256};
  private static final int REALTIME = 4;

  private final Function<java.util.function.Consumer<JournalPlayer.Reply>, JournalPlayer> players;
  private final Queue<JournalPlayer.Reply> replies = new ConcurrentLinkedQueue<>();
  private final Status base;
  private JournalPlayer player;

  private Frame shown;
  private Frame ready;
  private boolean atEnd;
  private String endProblem;
  private EventSource.Outcome damage;
  private long awaiting = -1;
  private boolean showWhenReady;
  private String seeking;
  private boolean steppingBack;
  private long requestedAtNs;

  private boolean playing = true;
  private int speed = REALTIME;
  private long anchorWallNs;
  private long anchorTickNs;

  /**
   * @param players makes the player that answers into the given queue
   * @param base what the header says about the recording (its source and timeline)
   */
  public Playback(Function<java.util.function.Consumer<JournalPlayer.Reply>, JournalPlayer> players, Status base) {
    this.players = players;
    this.base = base;
  }

  /** Starts reading: the first tick is shown as soon as it is read, then playing begins. */
  public void start(TopScreen screen, long nowNs) {
    player = players.apply(replies::add);
    go(new JournalPlayer.Target.Tick(0), null, screen, nowNs);
  }

  public void stop() {
    if (player != null) {
      player.close();
    }
  }

  @Override
  public boolean update(TopScreen screen, long nowNs) {
    boolean changed = false;
    for (JournalPlayer.Reply r = replies.poll(); r != null; r = replies.poll()) {
      if (r instanceof JournalPlayer.Reply.Damaged d) {
        changed |= damaged(d.outcome());
        continue;
      }
      if (r.request() != awaiting) {
        continue; // the user asked for something else since
      }
      awaiting = -1;
      changed = true;
      switch (r) {
        case JournalPlayer.Reply.Shown s -> {
          if (showWhenReady) {
            show(s.frame(), screen, nowNs);
          } else {
            ready = s.frame();
          }
        }
        case JournalPlayer.Reply.AtEnd e -> {
          atEnd = true;
          endProblem = e.problem();
          if (showWhenReady) {
            endReached(screen, e.ticks());
          }
        }
        case JournalPlayer.Reply.Damaged d -> { }
      }
    }
    if (playing && ready != null && nowNs >= due(ready)) {
      show(ready, screen, nowNs);
      changed = true;
    } else if (playing && ready == null && atEnd && awaiting < 0) {
      endReached(screen, shown == null ? 0 : shown.index() + 1);
      changed = true;
    }
    screen.status(status());
    return changed;
  }

  /**
   * The damaged parts of the journal that readings skipped so far: the longest reading's (each
   * reading starts at the journal's start and meets the same damage in the same order), or null.
   */
  public EventSource.Outcome damage() {
    return damage;
  }

  private boolean damaged(EventSource.Outcome o) {
    if (damage != null && damage.damage().size() >= o.damage().size()
        && damage.recordsOfLostFlows() >= o.recordsOfLostFlows()) {
      return false;
    }
    damage = o;
    return true;
  }

  private Status status() {
    Status s = base.withState(state());
    if (damage == null) {
      return s;
    }
    int parts = damage.damage().size();
    long lost = damage.recordsLostToDamage();
    return s.withDamage((parts > 0 ? Texts.plural(parts, "damaged part", "damaged parts") : "records of damaged parts")
        + " skipped" + (lost > 0 ? ", " + Texts.plural(lost, "record", "records") + " lost" : "")
        + ": what follows undercounts (listed on stderr after q)");
  }

  @Override
  public void command(Command c, TopScreen screen, long nowNs) {
    switch (c.kind()) {
      case PLAY_PAUSE -> {
        if (playing) {
          playing = false;
        } else if (ready == null && atEnd) {
          endReached(screen, shown == null ? 0 : shown.index() + 1);
        } else {
          playing = true;
          anchor(nowNs);
        }
      }
      case STEP_FORWARD -> {
        playing = false;
        if (ready != null) {
          show(ready, screen, nowNs);
        } else if (atEnd) {
          endReached(screen, shown == null ? 0 : shown.index() + 1);
        } else {
          showWhenReady = true;
        }
      }
      case STEP_BACK -> {
        playing = false;
        if (shown == null || shown.index() == 0) {
          screen.message("this is the first tick", false);
        } else {
          go(new JournalPlayer.Target.Tick(shown.index() - 1), null, screen, nowNs);
          steppingBack = true;
        }
      }
      case SLOWER, FASTER -> {
        speed = Math.max(0, Math.min(SPEEDS.length - 1, speed + (c.kind() == Command.Kind.FASTER ? 1 : -1)));
        anchor(nowNs);
        screen.message("speed " + speedLabel(), false);
      }
      case FIRST -> go(new JournalPlayer.Target.Tick(0), "the first tick", screen, nowNs);
      case LAST -> go(new JournalPlayer.Target.Last(), "the last tick", screen, nowNs);
      case GO_TO -> goTo(c.text(), screen, nowNs);
      default -> { }
    }
    screen.status(status());
  }

  private void goTo(String text, TopScreen screen, long nowNs) {
    long at;
    try {
      at = new TimeArg(text).toEpochNs(base.startEpochNs());
    } catch (UsageException e) {
      // Not replay's wording, which points to --tz: top's times are UTC.
      boolean notATime = e.getMessage().startsWith("'" + text + "' is not a time");
      screen.message(notATime ? "'" + text + "' is not a time: try 14:02:03 (UTC), +30s or 2026-11-20T10:00:02Z"
          : e.getMessage(), true);
      return;
    }
    if (at < base.startEpochNs() || at > base.endEpochNs()) {
      // Short enough for the status line of an 80-column terminal; the header shows the date.
      screen.message(text + " is outside the recording: " + Texts.clock(base.startEpochNs()) + " to "
          + Texts.clock(base.endEpochNs()) + " UTC (+" + Texts.span(base.endEpochNs() - base.startEpochNs()) + ")", true);
      return;
    }
    go(new JournalPlayer.Target.Time(at), text, screen, nowNs);
  }

  private void go(JournalPlayer.Target target, String what, TopScreen screen, long nowNs) {
    ready = null;
    atEnd = false;
    showWhenReady = true;
    seeking = what;
    steppingBack = false;
    requestedAtNs = nowNs;
    awaiting = player.request(target);
  }

  private void show(Frame f, TopScreen screen, long nowNs) {
    boolean jumped = shown == null || f.index() != shown.index() + 1;
    shown = f;
    ready = null;
    screen.show(f);
    long tookNs = nowNs - requestedAtNs;
    if (steppingBack) {
      // A step back reads again from a saved state (or the start): say what that cost.
      screen.message(String.format(Locale.ROOT, "one tick back (read in %.2f s)", tookNs / 1e9), false);
    } else if (seeking != null) {
      screen.message(String.format(Locale.ROOT, "went to %s: %s (read in %.2f s)", seeking, Texts.clock(f.epochNs()),
          tookNs / 1e9), false);
    }
    seeking = null;
    steppingBack = false;
    if (jumped || !playing) {
      anchor(nowNs);
    }
    showWhenReady = false;
    atEnd = false;
    awaiting = player.request(new JournalPlayer.Target.Tick(f.index() + 1));
  }

  private void endReached(TopScreen screen, long ticks) {
    playing = false;
    showWhenReady = false;
    if (endProblem != null) {
      screen.message("cannot read on: " + endProblem, true);
    } else {
      screen.message(ticks == 0 ? "the recording has no ticks" : "end of the recording (" + Texts.plural(ticks, "tick", "ticks")
          + "): ← steps back, Home goes to the start", false);
    }
  }

  /** From now on, ticks are due at the recorded pace from the one on screen. */
  private void anchor(long nowNs) {
    anchorWallNs = nowNs;
    anchorTickNs = shown == null ? 0 : shown.tsNs();
  }

  private long due(Frame f) {
    return anchorWallNs + (long) ((f.tsNs() - anchorTickNs) / SPEEDS[speed]);
  }

  private String state() {
    if (showWhenReady && awaiting >= 0 && shown != null) {
      return "reading…";
    }
    if (playing) {
      return "▶ playing " + speedLabel();
    }
    return (atEnd && ready == null ? "■ end" : "❚❚ paused") + (speed == REALTIME ? "" : " · " + speedLabel());
  }

  private String speedLabel() {
    double s = SPEEDS[speed];
    return s >= 1 ? (int) s + "x" : "1/" + (int) Math.round(1 / s) + "x";
  }

  /**
   * An answer is due soon; the next frame when it is due; otherwise nothing happens until a key
   * (which ends the wait at once), so the loop only looks up now and then for a resize or a stop.
   */
  @Override
  public long waitMs(long nowNs) {
    if (awaiting >= 0) {
      return 10;
    }
    if (playing && ready != null) {
      return Math.max(1, Math.min(250, (due(ready) - nowNs) / 1_000_000));
    }
    return 250;
  }
}
