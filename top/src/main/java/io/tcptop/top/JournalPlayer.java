package io.tcptop.top;

import io.tcptop.error.Messages;
import io.tcptop.error.TcptopException;
import io.tcptop.event.EventSource;
import io.tcptop.journal.JournalSource;
import io.tcptop.stream.FlowFilter;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Moves through a recording tick by tick, on a thread of its own, for the player: each request
 * names a tick (by number, by time, or the last one) and is answered with that tick's frame.
 * Between requests it waits inside the tick it answered, holding the aggregator's state there.
 *
 * <p>A tick's numbers need every event before it, so going anywhere but forward starts again from
 * a saved state: every few ticks, each reading saves the frame maker's state and the journal's
 * position there ({@link Snapshots}), and a background reading ({@link Indexer}) does so for the
 * whole recording once the first frame is shown. A seek restores the latest state before its
 * target and reads on from there, making no frames on the way; with no state before the target
 * it reads from the start.
 */
public final class JournalPlayer implements AutoCloseable {

  /**
   * How seeking is helped.
   *
   * @param everyTicks ticks between two saved states at least: the spacing is widened at the first
   *     state so that the states for the whole recording fit the budget, and doubles whenever they
   *     outgrow it; 0 saves none, and every seek back reads from the start
   * @param budgetBytes the most the saved states may hold
   * @param inBackground whether the whole recording is read once in the background, for its states
   */
  public record Seeking(int everyTicks, long budgetBytes, boolean inBackground) {
    /** No saved states, no background reading. */
    public static final Seeking NONE = new Seeking(0, 0, false);

    /**
     * Every 8 ticks or more, in at most 32 MiB (or a sixteenth of the heap, if less), in the
     * background too. The budget weighs two costs: a larger one makes seeks read fewer ticks,
     * but the background reading pays for the states it keeps (the garbage collector copies
     * them out of the young generation while it reads).
     */
    public static Seeking defaults() {
      return new Seeking(8, Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 16), true);
    }
  }

  /** A tick to show. */
  public sealed interface Target {
    /** The tick with this number (from 0). */
    record Tick(long index) implements Target {}

    /** The first tick that ends at or after this time. */
    record Time(long epochNs) implements Target {}

    /** The recording's last tick. */
    record Last() implements Target {}
  }

  /** The answer to a request, naming the request it answers. */
  public sealed interface Reply {
    long request();

    record Shown(long request, Frame frame) implements Reply {}

    /**
     * The requested tick lies past the end of what can be read.
     *
     * @param ticks how many ticks the recording has (up to the damage, if any)
     * @param problem why reading stopped early (damage), or null at the recording's end
     */
    record AtEnd(long request, long ticks, String problem) implements Reply {}

    /**
     * A reading skipped damaged parts of the journal: what it read past so far (a reading that
     * was stopped early lists the damage before where it stopped).
     */
    record Damaged(long request, EventSource.Outcome outcome) implements Reply {}
  }

  private record Request(long id, Target target) {}

  private static final Request CLOSE = new Request(-1, null);

  private final Supplier<JournalSource> opener;
  private final FlowFilter.Spec filter;
  private final Consumer<Reply> replies;
  private final long endHintEpochNs;
  /** Null when seeking saves no states. */
  private final Snapshots snapshots;
  private final Indexer indexer;
  private boolean indexing;
  /** Readings started from the journal's start and from saved states; ticks read by the latest before its first answer. */
  private final AtomicLong fromStart = new AtomicLong();
  private final AtomicLong fromSaved = new AtomicLong();
  private volatile long lastReadingTicks;
  private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final AtomicLong ids = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  /** A player that seeks with {@link Seeking#defaults()}. */
  public JournalPlayer(Supplier<JournalSource> opener, FlowFilter.Spec filter, Consumer<Reply> replies,
                       long endHintEpochNs) {
    this(opener, filter, replies, endHintEpochNs, Seeking.defaults());
  }

  /**
   * @param opener opens the journal afresh, for each reading
   * @param replies receives the answers, on the player's thread
   * @param endHintEpochNs ticks at or after this time may be the last: frames are kept for them so
   *     the last tick is found in one reading ({@link Long#MIN_VALUE} keeps them all)
   */
  public JournalPlayer(Supplier<JournalSource> opener, FlowFilter.Spec filter, Consumer<Reply> replies,
                       long endHintEpochNs, Seeking seeking) {
    this.opener = opener;
    this.filter = filter;
    this.replies = replies;
    this.endHintEpochNs = endHintEpochNs;
    this.snapshots = seeking.everyTicks() > 0
        ? new Snapshots(seeking.everyTicks(), seeking.budgetBytes(), endHintEpochNs) : null;
    this.indexer = snapshots != null && seeking.inBackground() ? new Indexer(opener, filter, snapshots) : null;
    this.thread = new Thread(this::run, "tcptop-player");
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks for a tick; returns the request's id, which its reply carries. */
  public long request(Target target) {
    long id = ids.incrementAndGet();
    requests.add(new Request(id, target));
    return id;
  }

  @Override
  public void close() {
    closed = true;
    requests.add(CLOSE);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (indexer != null) {
      indexer.close();
    }
  }

  private void run() {
    Request next = take();
    while (next != CLOSE) {
      next = play(next);
    }
  }

  /**
   * Serves {@code r} with a new reading, from the latest saved state before its target. While the
   * background reading is on its way there, it waits for it (answering newer requests instead,
   * if the user moves on), and then starts from one of its states.
   */
  private Request play(Request r) {
    while (indexer != null && indexer.ahead(start(r.target()), r.target())) {
      Request newer = poll(5);
      if (newer == CLOSE) {
        return CLOSE;
      }
      r = newer == null ? r : newer;
    }
    return new Pass(r, snapshots == null ? null : snapshots.before(r.target())).run();
  }

  /** The tick after which a new reading for {@code target} would start; -1 for the journal's start. */
  private long start(Target target) {
    Snapshots.Snapshot s = snapshots == null ? null : snapshots.before(target);
    return s == null ? -1 : s.tick();
  }

  /** Whether reading on from the tick shown is not the cheapest way to {@code target}. */
  private boolean betterStart(Target target, Frame shown) {
    if (snapshots == null) {
      return false;
    }
    return start(target) > shown.index() || (indexer != null && indexer.ahead(shown.index(), target));
  }

  /**
   * Whether the background reading has read the whole recording (its states are all saved): from
   * now on every seek reads at most the spacing. False when seeking has no background reading.
   */
  public boolean indexed() {
    return indexer != null && indexer.done();
  }

  long readingsFromStart() {
    return fromStart.get();
  }

  long readingsFromSaved() {
    return fromSaved.get();
  }

  /** How many ticks the latest reading went through to its first answer (that tick included). */
  long lastReadingTicks() {
    return lastReadingTicks;
  }

  Snapshots snapshots() {
    return snapshots;
  }

  /** The background reading starts once the first frame is on screen, so as not to delay it. */
  private void startIndexing() {
    if (indexer != null && !indexing) {
      indexing = true;
      indexer.start();
    }
  }

  private Request take() {
    try {
      return latest(requests.take());
    } catch (InterruptedException e) {
      return CLOSE;
    }
  }

  /** The next request within {@code ms}, or null. */
  private Request poll(long ms) {
    try {
      Request r = requests.poll(ms, TimeUnit.MILLISECONDS);
      return r == null ? (closed ? CLOSE : null) : latest(r);
    } catch (InterruptedException e) {
      return CLOSE;
    }
  }

  private Request latest(Request r) {
    // Only the latest request matters: the user has moved on from the others.
    for (Request newer = requests.poll(); newer != null; newer = requests.poll()) {
      r = r == CLOSE ? r : newer;
    }
    return closed ? CLOSE : r;
  }

  /**
   * One reading of the journal, from its start or from a saved state, serving requests until one
   * is better served by another reading (an earlier tick, or one a saved state is nearer to).
   */
  private final class Pass implements FrameSink {
    private final Snapshots.Snapshot from;
    private FrameMaker maker;
    private JournalSource source;
    private Request current;
    private Request restart;
    /** The frame answered last, and the time of the tick before it (what a time target needs). */
    private Frame shown;
    private long shownAfterNs = Long.MIN_VALUE;
    /** The latest frame kept near the end, in case the target lies past the last tick. */
    private Frame candidate;
    private long candidateAfterNs;
    private long lastEpochNs = Long.MIN_VALUE;
    private long previousEpochNs = Long.MIN_VALUE;
    private long latestEpochNs = Long.MIN_VALUE;

    Pass(Request first, Snapshots.Snapshot from) {
      this.current = first;
      this.from = from;
    }

    Request run() {
      String problem = null;
      try (JournalSource s = opener.get()) {
        source = s;
        EventSource.Outcome outcome = null;
        if (from != null) {
          fromSaved.incrementAndGet();
          maker = new FrameMaker(from.maker(), this);
          lastEpochNs = from.epochNs();
          latestEpochNs = from.latestEpochNs();
          outcome = s.forEachFrom(from.position(), FlowFilter.wrap(filter, maker));
          if (outcome == null) {
            // The journal no longer holds where the states were (a rolling recorder deleted it).
            snapshots.clear();
            return current;
          }
        } else {
          fromStart.incrementAndGet();
          maker = new FrameMaker(this);
          outcome = s.forEach(FlowFilter.wrap(filter, maker));
        }
        if (outcome.damaged()) {
          replies.accept(new Reply.Damaged(current.id(), outcome));
        }
        if (restart == null && !closed) {
          maker.finish();
        }
      } catch (TcptopException e) {
        problem = e.getMessage();
      } catch (RuntimeException e) {
        problem = "internal error " + e.getClass().getSimpleName() + ": " + Messages.firstLine(e);
      }
      if (closed) {
        return CLOSE;
      }
      return restart != null ? restart : atEnd(problem);
    }

    @Override
    public boolean wants(long index, long epochNs) {
      if (!wantsMore()) {
        // Going back or closing: the rest of the batch being read still ticks; it shows nothing.
        return false;
      }
      previousEpochNs = lastEpochNs;
      lastEpochNs = epochNs;
      return reached(current.target(), index, epochNs)
          || (!(current.target() instanceof Target.Tick) && epochNs >= endHintEpochNs);
    }

    /** Every few ticks, a state that later readings can start from. */
    @Override
    public void ticked(long index, long epochNs) {
      latestEpochNs = Math.max(latestEpochNs, epochNs);
      if (snapshots != null) {
        snapshots.offer(index, epochNs, latestEpochNs, maker, source);
      }
    }

    @Override
    public void frame(Frame f) {
      if (reached(current.target(), f.index(), f.epochNs())) {
        serve(f, previousEpochNs);
      } else {
        candidate = f;
        candidateAfterNs = previousEpochNs;
      }
    }

    @Override
    public boolean wantsMore() {
      return restart == null && !closed;
    }

    /** Answers with {@code f}, then waits here, in this tick, for what to do next. */
    private void serve(Frame f, long afterNs) {
      if (shown == null) {
        lastReadingTicks = f.index() - (from == null ? -1 : from.tick());
      }
      shown = f;
      shownAfterNs = afterNs;
      candidate = null;
      replies.accept(new Reply.Shown(current.id(), f));
      while (true) {
        Request r = take();
        if (r == CLOSE) {
          return;
        }
        startIndexing();
        if (isShown(r.target(), f, afterNs)) {
          replies.accept(new Reply.Shown(r.id(), f));
        } else if (isLater(r.target(), f) && !betterStart(r.target(), f)) {
          current = r;
          return;
        } else {
          restart = r;
          return;
        }
      }
    }

    /**
     * The stream is over. A target past the last tick (the last one, or a time after it) is the
     * last tick; a tick number past it is the end. Then every request the end can answer is
     * answered here; any other needs a new reading.
     */
    private Request atEnd(String problem) {
      long ticks = maker.ticks();
      if (!isShown(current.target(), shown, shownAfterNs)) {
        if (candidate != null) {
          shown = candidate;
          shownAfterNs = candidateAfterNs;
          replies.accept(new Reply.Shown(current.id(), shown));
        } else if (!(current.target() instanceof Target.Tick) && ticks > 0) {
          return new Request(current.id(), new Target.Tick(ticks - 1));
        } else {
          replies.accept(new Reply.AtEnd(current.id(), ticks, problem));
        }
      }
      while (true) {
        Request r = take();
        if (r == CLOSE) {
          return CLOSE;
        }
        Target t = r.target();
        boolean pastLast = t instanceof Target.Last || (t instanceof Target.Time w && w.epochNs() > lastEpochNs);
        if (pastLast && shown != null && shown.index() == ticks - 1) {
          replies.accept(new Reply.Shown(r.id(), shown));
        } else if (!pastLast && isShown(t, shown, shownAfterNs)) {
          replies.accept(new Reply.Shown(r.id(), shown));
        } else if ((t instanceof Target.Tick k && k.index() >= ticks) || (pastLast && ticks == 0)) {
          replies.accept(new Reply.AtEnd(r.id(), ticks, problem));
        } else {
          return r;
        }
      }
    }
  }

  static boolean reached(Target t, long index, long epochNs) {
    return switch (t) {
      case Target.Tick k -> index >= k.index();
      case Target.Time w -> epochNs >= w.epochNs();
      case Target.Last l -> false;
    };
  }

  /** Whether {@code f} answers {@code t}; {@code epochBeforeNs} is the tick before it. */
  static boolean isShown(Target t, Frame f, long epochBeforeNs) {
    if (f == null) {
      return false;
    }
    return switch (t) {
      case Target.Tick k -> k.index() == f.index();
      case Target.Time w -> w.epochNs() <= f.epochNs() && w.epochNs() > epochBeforeNs;
      case Target.Last l -> false;
    };
  }

  /** Whether {@code t} lies after {@code f}: reading on reaches it. */
  static boolean isLater(Target t, Frame f) {
    return switch (t) {
      case Target.Tick k -> k.index() > f.index();
      case Target.Time w -> w.epochNs() > f.epochNs();
      case Target.Last l -> true;
    };
  }
}
