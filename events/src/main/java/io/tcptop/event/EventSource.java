package io.tcptop.event;

import java.nio.file.Path;
import java.util.List;

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
   * record, a live recording when it is asked to stop. A damaged part of a journal is skipped
   * and reported in the {@link Outcome}; reading goes on with the next intact part.
   *
   * @throws io.tcptop.error.TcptopException when the source cannot go on (one-line message)
   */
  Outcome forEach(EventHandler handler);

  @Override
  void close();

  /**
   * How a stream ended, and what of it could not be read.
   *
   * @param records the records handed over, the header and END included
   * @param damage the damaged parts of the source that were skipped, in source order
   * @param recordsOfLostFlows later records that were skipped because they belong to a flow
   *     whose description (its FLOW record) was in a damaged part
   */
  record Outcome(long records, Ending ending, List<Damage> damage, long recordsOfLostFlows) {
    public Outcome {
      damage = List.copyOf(damage);
    }

    /** An undamaged stream's outcome. */
    public Outcome(long records, Ending ending) {
      this(records, ending, List.of(), 0);
    }

    /** Whether anything was skipped because it was damaged. */
    public boolean damaged() {
      return !damage.isEmpty() || recordsOfLostFlows > 0;
    }

    /**
     * Records known to be lost to damage: those of damaged parts that still say how many they
     * held, and the records of their flows; parts that do not say add nothing.
     */
    public long recordsLostToDamage() {
      long n = recordsOfLostFlows;
      for (Damage d : damage) {
        n += Math.max(0, d.recordsLost());
      }
      return n;
    }
  }

  /**
   * A damaged part of a source: it failed its checks and was skipped, and reading went on with
   * the next intact part, if any.
   *
   * @param file the file it is in (for a journal, one of its {@code .cq4} cycle files)
   * @param offset its byte offset in that file
   * @param recordsLost the records it held, or -1 when the damage hides how many
   * @param why what is wrong with it
   */
  record Damage(Path file, long offset, long recordsLost, String why) {}

  /** Whether a stream ended with its END record, and if not, why not. */
  enum Ending {
    /** The END record came: the recorder stopped cleanly. */
    CLEAN,
    /** No END, but every batch is whole: the recorder was stopped abruptly (e.g. SIGKILL). */
    NO_END,
    /** The last batch is only partly written: the recorder died, or its disk filled, while writing it. */
    HALF_WRITTEN_TAIL,
    /**
     * The stream ends in damage (see {@link Outcome#damage()}): whether the recorder stopped
     * cleanly is unknown, since its END record may be in what was lost.
     */
    DAMAGED_TAIL,
    /** The consumer had seen enough ({@link EventHandler#wantsMore()}) before the end. */
    STOPPED
  }
}
