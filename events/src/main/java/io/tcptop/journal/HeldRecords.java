package io.tcptop.journal;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import java.util.ArrayList;
import java.util.List;

/**
 * Events held back from a journal until the writer knows whether they go in (a slice holds a
 * tick's events until the tick tells whether it lies in its window), kept already encoded, in
 * batches cut where the writer would cut them: {@link JournalWriter#write(HeldRecords)} appends
 * them as they are, without a second pass over each event. Made by {@link JournalWriter#hold()};
 * reused, never shrunk.
 */
public final class HeldRecords implements EventHandler {
  private final int version;
  private final List<JournalFormat.Encoder> batches = new ArrayList<>();
  /** Batches in use: the last one is being filled; the ones after it are spare. */
  private int used;
  private JournalFormat.Encoder current;
  private long records;

  HeldRecords(int version) {
    this.version = version;
    current = batch(0);
    used = 1;
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    current.traffic(direction == Direction.SEND, tsNs, flow.id(), bytes);
    records++;
    if (current.isFull()) {
      next();
    }
  }

  /** Holds any event but a key frame's; a header goes in as given (a slice rewrites its own first). */
  @Override
  public void onEvent(Event event) {
    current.event(event);
    records++;
    if (current.isFull()) {
      next();
    }
  }

  /** Records held. */
  public long records() {
    return records;
  }

  public boolean isEmpty() {
    return records == 0;
  }

  /** Forgets everything held. */
  public void clear() {
    for (int i = 0; i < used; i++) {
      batches.get(i).reset();
      batches.get(i).forgetNamedCgroups();
    }
    used = 1;
    current = batches.get(0);
    records = 0;
  }

  /** The batches that hold records, in order; every one but the last is full. */
  int batchCount() {
    return current.isEmpty() ? used - 1 : used;
  }

  JournalFormat.Encoder held(int i) {
    return batches.get(i);
  }

  private void next() {
    current = batch(used++);
  }

  private JournalFormat.Encoder batch(int i) {
    if (i == batches.size()) {
      batches.add(new JournalFormat.Encoder(version));
    }
    return batches.get(i);
  }
}
