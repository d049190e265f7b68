package io.tcptop.event;

/**
 * A stream of events: a live recording or a journal. Consumers see the same events from both
 * (the JFR RecordingStream / RecordingFile idea) and never ask which one they have.
 *
 * <p>The stream starts with its {@link SessionStart} (also available before streaming, from
 * {@link #header()}), and a stream that ends cleanly ends with a {@link SessionEnd}.
 */
public interface EventSource extends AutoCloseable {

  /** The session's header, known before the first event is read. */
  SessionStart header();

  /**
   * Feeds every event to the handler, in order, until the source ends: a journal at its last
   * record, a live recording when it is asked to stop.
   *
   * @throws io.tcptop.error.TcptopException when the source cannot go on (one-line message)
   */
  Outcome forEach(EventHandler handler);

  @Override
  void close();

  /**
   * How a stream ended.
   *
   * @param records the records handed over, the header and END included
   */
  record Outcome(long records, Ending ending) {}

  /** Whether a stream ended with its END record, and if not, why not. */
  enum Ending {
    /** The END record came: the recorder stopped cleanly. */
    CLEAN,
    /** No END, but every batch is whole: the recorder was stopped abruptly (e.g. SIGKILL). */
    NO_END,
    /** The last batch is only partly written: the recorder died, or its disk filled, while writing it. */
    HALF_WRITTEN_TAIL,
    /** The consumer had seen enough ({@link EventHandler#wantsMore()}) before the end. */
    STOPPED
  }
}
