package io.tcptop.event;

import io.tcptop.error.TcptopException;

/**
 * A stream of events: the kernel collector while recording, or a journal. Consumers see the
 * same events from both (the JFR RecordingStream / RecordingFile idea).
 */
public interface EventSource extends AutoCloseable {

  /** Feeds every event to the handler, in order, until the source ends. */
  void forEach(EventHandler handler) throws TcptopException;

  @Override
  void close();
}
