package io.tcptop.slice;

import io.tcptop.event.ConnectionSnapshot;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource;
import io.tcptop.event.Flow;
import io.tcptop.event.Loss;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.Tick;
import io.tcptop.journal.HeldRecords;
import io.tcptop.journal.JournalWriter;
import io.tcptop.journal.KeyFrames;
import io.tcptop.stream.FlowFilter;
import io.tcptop.view.Timestamps;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Cuts a window of a stream into a journal of its own: a session with its own id (its origin names
 * the session and window it came from), a key frame at the last tick before the window, the
 * events of the ticks inside it (of the flows that match the filter), and END. Replayed, it prints
 * what a replay of the original prints for that window and filter ({@code --from}/{@code --to} and
 * the same filter). With a {@link Scrubber}, addresses and names are scrubbed on the way out;
 * counts and times stay exact.
 *
 * <p>Events are held back for one tick: only the next tick tells whether they lead into the window
 * (before it) or out of it (after it), and a replay shows a tick's events only with the tick. Once
 * the slice has begun and its window is open at its end, nothing can drop them: they are written
 * at once.
 */
public final class Slicer implements EventHandler {

  /**
   * @param fromEpochNs the window's start (epoch ns); Long.MIN_VALUE for the source's start
   * @param toEpochNs the window's end; Long.MAX_VALUE for the source's end
   * @param scrubber null to keep addresses and names
   */
  public record Window(long fromEpochNs, long toEpochNs, FlowFilter.Spec filter, Scrubber scrubber) {}

  /**
   * What a slice holds, for the summary line; the tick times are epoch ns, MIN_VALUE when none.
   * {@code session} is the slice's own id as written (scrubbed when the slice is). The source's
   * span is what was read of it: its start and its last event before the slice stopped reading.
   */
  public record Result(long records, long firstTickEpochNs, long lastTickEpochNs, String session,
                       long sourceStartEpochNs, long sourceLastEpochNs) {

    /** Whether the slice holds nothing of its window: no tick and no event. */
    public boolean isEmpty() {
      return firstTickEpochNs == Long.MIN_VALUE && records == 0;
    }
  }

  private final Window window;
  private final JournalWriter out;
  private final KeyFrames state = new KeyFrames();
  /** The events since the last tick, encoded as the slice would write them (flows and headers scrubbed). */
  private final HeldRecords held;
  /** The losses among them: a tick after the window drops the rest but shows these. */
  private final List<Loss> heldLosses = new ArrayList<>();
  /** Writes an event into the slice at once, counting it. */
  private final EventHandler direct = new EventHandler() {
    @Override
    public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
      out.onTraffic(tsNs, flow, direction, bytes);
      records++;
    }

    @Override
    public void onEvent(Event e) {
      write(e);
    }
  };
  /**
   * Where the events read go: {@link #held}, until a tick tells whether they lie in the window;
   * {@link #direct} once nothing can drop them any more, when the slice has begun and its window
   * is open at its end (no tick can fall after it): holding them would only cost memory.
   */
  private EventHandler pending;
  private List<Event> frame;
  private SessionStart source;
  private SessionStart own;
  private boolean started;
  private boolean done;
  private long lastTickNs = Long.MIN_VALUE;
  /** The latest event that touched a connection: where a replay's final, shorter tick falls. */
  private long lastActivityNs = Long.MIN_VALUE;
  private long firstTickEpochNs = Long.MIN_VALUE;
  private long lastTickEpochNs = Long.MIN_VALUE;
  private long records;
  private long lost;
  /** The latest event read, whatever it was. */
  private long lastSeenNs = Long.MIN_VALUE;

  private Slicer(Window window, JournalWriter out) {
    this.window = window;
    this.out = out;
    this.held = out.hold();
    this.pending = held;
  }

  /** Reads {@code source} up to the window's end and writes the slice into {@code out}, then closes it. */
  public static Result slice(EventSource source, Window window, JournalWriter out) {
    Slicer s = new Slicer(window, out);
    try (out) {
      source.forEach(FlowFilter.wrap(window.filter(), s));
      s.end();
    }
    String session = s.own == null ? "" : s.scrubHeader(s.own).session();
    long start = s.source == null ? Long.MIN_VALUE : s.source.startEpochNs();
    return new Result(s.records, s.firstTickEpochNs, s.lastTickEpochNs, session, start,
        s.source == null ? Long.MIN_VALUE : s.epoch(Math.max(s.lastSeenNs, s.source.tsNs())));
  }

  @Override
  public boolean wantsMore() {
    return !done;
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    if (done) {
      return;
    }
    lastSeenNs = tsNs;
    startFrameIfNeeded();
    if (following()) {
      state.onTraffic(tsNs, flow, direction, bytes);
    }
    lastActivityNs = Math.max(lastActivityNs, tsNs);
    // A traffic record names its flow by id, which scrubbing keeps: it goes on as it came.
    pending.onTraffic(tsNs, flow, direction, bytes);
  }

  @Override
  public void onEvent(Event event) {
    if (done) {
      return;
    }
    switch (event) {
      case SessionStart h when source == null -> {
        source = h;
        own = sliceHeader(h);
        state.onEvent(h);
        return;
      }
      case Tick t -> {
        onTick(t);
        return;
      }
      case SessionEnd e -> {
        return; // the slice writes its own
      }
      case Flow f -> { }
      case ConnectionSnapshot c -> { }
      default -> startFrameIfNeeded();
    }
    follow(event);
    switch (event) {
      case ConnectionSnapshot c -> { } // restated by the slice's own key frame
      case Flow f -> {
        if (frame != null) {
          pending.onEvent(scrub(f));
        }
      }
      case SessionStart h -> pending.onEvent(scrubHeader(sliceHeader(h)));
      case Loss l -> {
        lost += l.count();
        if (epoch(l.tsNs()) < window.fromEpochNs()) {
          return; // a replay from the window's start does not show it
        }
        pending.onEvent(l);
        if (pending == held) {
          heldLosses.add(l);
        }
      }
      default -> {
        lastActivityNs = Math.max(lastActivityNs, event.tsNs());
        pending.onEvent(event);
      }
    }
  }

  /**
   * Follows the stream's state, which the slice's key frame restates, while a key frame may still
   * be made of it (see {@link #following()}): following it costs an aggregator update per event.
   */
  private void follow(Event event) {
    if (following()) {
      state.onEvent(event);
    }
  }

  /**
   * Whether the stream's state may still go into the key frame: until the slice has begun, and
   * only while a later tick could still come before the window and so restart the frame. A window
   * open at its start begins at the first tick, from the frame taken at the stream's first event.
   */
  private boolean following() {
    return !started && (frame == null || window.fromEpochNs() != Long.MIN_VALUE);
  }

  /**
   * Before the first event that is not a restatement (header, flows, a key frame's connections),
   * the stream's state is where a slice from its start begins. A slice of the whole stream begins
   * there: no tick can fall outside its window.
   */
  private void startFrameIfNeeded() {
    if (!started && frame == null && source != null) {
      frame = state.frame();
      if (window.fromEpochNs() == Long.MIN_VALUE && window.toEpochNs() == Long.MAX_VALUE) {
        begin();
        pending = direct;
      }
    }
  }

  private void onTick(Tick t) {
    lastSeenNs = t.tsNs();
    long epoch = epoch(t.tsNs());
    if (epoch > window.toEpochNs()) {
      // The held events lead to a tick outside the window: a replay up to its end shows none of
      // them but the losses, which it shows by their own time.
      writeLossesInWindow();
      done = true;
      return;
    }
    startFrameIfNeeded();
    follow(t);
    lastTickNs = t.tsNs();
    if (!started && epoch < window.fromEpochNs()) {
      // A candidate start: the state after this tick; what follows it is held anew.
      frame = state.frame();
      clearHeld();
      return;
    }
    if (!started) {
      begin();
    }
    writeHeld();
    write(t);
    if (window.toEpochNs() == Long.MAX_VALUE) {
      pending = direct;
    }
    if (firstTickEpochNs == Long.MIN_VALUE) {
      firstTickEpochNs = epoch;
    }
    lastTickEpochNs = epoch;
    out.onFlush();
  }

  /** The slice's start: its key frame, restating the state after the tick before the window. */
  private void begin() {
    started = true;
    List<Event> restated = new ArrayList<>();
    long at = frame == null ? source.tsNs() : frame.get(0).tsNs();
    restated.add(scrubHeader(own.at(at)));
    if (frame != null) {
      for (Event e : frame) {
        switch (e) {
          case Flow f -> restated.add(scrub(f));
          case ConnectionSnapshot c -> restated.add(c);
          case io.tcptop.event.Seed s -> restated.add(s);
          default -> { }
        }
      }
    }
    out.keyFrame(restated);
  }

  private void end() {
    if (source == null) {
      return;
    }
    if (!started) {
      begin(); // no tick inside the window: a slice of its state, perhaps its final events, and END
    }
    if (done) {
      out.onEvent(new SessionEnd(lastTickNs, records, lost));
      return;
    }
    // The stream ended: a replay ends with a shorter tick at its last event, if that is in the window.
    long finish = Math.max(lastActivityNs, lastTickNs);
    if (!held.isEmpty() && inWindow(epoch(finish))) {
      writeHeld();
    } else {
      writeLossesInWindow();
    }
    out.onEvent(new SessionEnd(Math.max(finish, source.tsNs()), records, lost));
  }

  private boolean inWindow(long epochNs) {
    return epochNs >= window.fromEpochNs() && epochNs <= window.toEpochNs();
  }

  private void write(Event e) {
    out.onEvent(e);
    records++;
  }

  private void writeHeld() {
    records += held.records();
    out.write(held);
    heldLosses.clear();
  }

  private void writeLossesInWindow() {
    for (Loss l : heldLosses) {
      if (inWindow(epoch(l.tsNs()))) {
        write(l);
      }
    }
    clearHeld();
  }

  private void clearHeld() {
    held.clear();
    heldLosses.clear();
  }

  /** A slice is a session of its own: its own id, and an origin naming the session and window it came from. */
  private SessionStart sliceHeader(SessionStart h) {
    byte[] nonce = new byte[4];
    new SecureRandom().nextBytes(nonce);
    String id = SessionStart.idOf(h.host(), h.startEpochNs()) + "." + HexFormat.of().formatHex(nonce);
    String origin = h.session() + " "
        + (window.fromEpochNs() == Long.MIN_VALUE ? "start" : Timestamps.UTC.iso(window.fromEpochNs())) + " "
        + (window.toEpochNs() == Long.MAX_VALUE ? "end" : Timestamps.UTC.iso(window.toEpochNs()))
        + (window.filter().isAll() ? "" : " " + window.filter().describe())
        + (window.scrubber() == null ? "" : " scrubbed");
    return new SessionStart(h.tsNs(), id, origin, h.host(), h.kernel(), h.toolVersion(), h.wallClockOffsetNs(),
        h.tickIntervalNs(), h.filters());
  }

  private SessionStart scrubHeader(SessionStart h) {
    return window.scrubber() == null ? h : window.scrubber().header(h);
  }

  private Flow scrub(Flow f) {
    return window.scrubber() == null ? f : window.scrubber().flow(f);
  }

  private long epoch(long tsNs) {
    return source == null ? tsNs : source.toEpochNs(tsNs);
  }
}
