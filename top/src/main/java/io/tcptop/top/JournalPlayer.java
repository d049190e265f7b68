package io.tcptop.top;

import io.tcptop.error.Messages;
import io.tcptop.error.TcptopException;
import io.tcptop.event.EventSource;
import io.tcptop.stream.FlowFilter;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Moves through a recording tick by tick, on a thread of its own, for the player: each request
 * names a tick (by number, by time, or the last one) and is answered with that tick's frame. To
 * go forward it reads on; to go back it reads the journal again from its start, making no frames
 * on the way (a tick's numbers need every event before it), so its cost is one fast read.
 * Between requests it waits inside the tick it answered, holding the aggregator's state there.
 */
public final class JournalPlayer implements AutoCloseable {

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

  private final Supplier<? extends EventSource> opener;
  private final FlowFilter.Spec filter;
  private final Consumer<Reply> replies;
  private final long endHintEpochNs;
  private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final AtomicLong ids = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param opener opens the journal afresh, for each reading from the start
   * @param replies receives the answers, on the player's thread
   * @param endHintEpochNs ticks at or after this time may be the last: frames are kept for them so
   *     the last tick is found in one reading ({@link Long#MIN_VALUE} keeps them all)
   */
  public JournalPlayer(Supplier<? extends EventSource> opener, FlowFilter.Spec filter, Consumer<Reply> replies,
                       long endHintEpochNs) {
    this.opener = opener;
    this.filter = filter;
    this.replies = replies;
    this.endHintEpochNs = endHintEpochNs;
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
  }

  private void run() {
    Request next = take();
    while (next != CLOSE) {
      next = new Pass(next).run();
    }
  }

  private Request take() {
    try {
      Request r = requests.take();
      // Only the latest request matters: the user has moved on from the others.
      for (Request newer = requests.poll(); newer != null; newer = requests.poll()) {
        r = r == CLOSE ? r : newer;
      }
      return closed ? CLOSE : r;
    } catch (InterruptedException e) {
      return CLOSE;
    }
  }

  /** One reading of the journal from its start, serving requests until one needs an earlier tick. */
  private final class Pass implements FrameSink {
    private final FrameMaker maker = new FrameMaker(this);
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

    Pass(Request first) {
      this.current = first;
    }

    Request run() {
      String problem = null;
      try (EventSource source = opener.get()) {
        EventSource.Outcome outcome = source.forEach(FlowFilter.wrap(filter, maker));
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

    /** The histories need only the last minute before the target; older ticks are read for their totals alone. */
    @Override
    public boolean remembers(long index, long epochNs) {
      return switch (current.target()) {
        case Target.Tick k -> index >= k.index() - FrameMaker.TRAIL_TICKS_MAX;
        case Target.Time w -> epochNs >= w.epochNs() - FrameMaker.TRAIL_NS - 2 * FrameMaker.TRAIL_NS / 60;
        case Target.Last l -> epochNs >= endHintEpochNs - FrameMaker.TRAIL_NS - 2 * FrameMaker.TRAIL_NS / 60;
      };
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
      shown = f;
      shownAfterNs = afterNs;
      candidate = null;
      replies.accept(new Reply.Shown(current.id(), f));
      while (true) {
        Request r = take();
        if (r == CLOSE) {
          return;
        }
        if (isShown(r.target(), f, afterNs)) {
          replies.accept(new Reply.Shown(r.id(), f));
        } else if (isLater(r.target(), f)) {
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
