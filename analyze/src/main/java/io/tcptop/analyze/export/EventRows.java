package io.tcptop.analyze.export;

import static io.tcptop.analyze.export.EventBatch.NONE;

import io.tcptop.event.ConnectionSnapshot;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventKind;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.event.Loss;
import io.tcptop.event.RttSample;
import io.tcptop.event.Seed;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.StateChange;
import io.tcptop.event.Tick;
import io.tcptop.event.Traffic;

/**
 * One {@code events} row per journal record, one {@code flows} row per FLOW record and one
 * {@code losses} row per LOSS record. A row
 * refers to the flow description in force when it was recorded ({@code flow_ref}, the FLOW
 * record's number in the journal), so an owner change splits a flow's rows between two
 * descriptions exactly as the journal has it. Rows collect in batches that the
 * {@link WriterThread} encodes; traffic rows make no objects.
 */
final class EventRows implements EventHandler {

  /** The current description of a flow id: made once per FLOW record. */
  private static final class Ref {
    final int ref;

    Ref(int ref) {
      this.ref = ref;
    }
  }

  private final WriterThread writer;
  private final FlowRows flows;
  private final LossRows losses;
  private final Progress progress;
  private final FlowTable<Ref> refs = new FlowTable<>();
  private EventBatch batch;
  private int nextRef;
  private long rows;
  private long lastTsNs = Long.MIN_VALUE;

  EventRows(WriterThread writer, FlowRows flows, LossRows losses, Progress progress) {
    this.writer = writer;
    this.flows = flows;
    this.losses = losses;
    this.progress = progress;
    this.batch = writer.take();
  }

  long rows() {
    return rows;
  }

  /** The latest timestamp of any record so far. */
  long lastTsNs() {
    return lastTsNs;
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    batch.traffic(tsNs, EventKind.of(direction), ref(flow), bytes);
    if (tsNs > lastTsNs) {
      lastTsNs = tsNs;
    }
    rowAdded();
  }

  @Override
  public void onEvent(Event event) {
    switch (event) {
      case SessionStart s -> add(s.tsNs(), EventKind.START, -1, -1, -1, NONE, NONE, -1);
      case Flow f -> {
        int ref = nextRef++;
        refs.put(f.id(), new Ref(ref));
        flows.add(f, ref);
        add(f.tsNs(), EventKind.FLOW, ref, -1, -1, NONE, NONE, -1);
      }
      case StateChange s -> add(s.tsNs(), EventKind.STATE, ref(s.flow()), s.oldState().ordinal(),
          s.newState().ordinal(), s.srttUs() < 0 ? NONE : s.srttUs(), NONE, -1);
      case RttSample r -> add(r.tsNs(), EventKind.RTT, ref(r.flow()), -1, -1, r.srttUs(), NONE, -1);
      case Seed s -> add(s.tsNs(), EventKind.SEED, ref(s.flow()), -1, s.state().ordinal(), NONE, NONE, -1);
      case Tick t -> add(t.tsNs(), EventKind.TICK, -1, -1, -1, NONE, NONE, -1);
      case Loss l -> {
        losses.add(l);
        add(l.tsNs(), EventKind.LOSS, -1, -1, -1, NONE, l.count(), l.cause().ordinal());
      }
      case SessionEnd e -> add(e.tsNs(), EventKind.END, -1, -1, -1, NONE, e.lost(), -1);
      case FlowGone g -> add(g.tsNs(), EventKind.FORGET, refOf(g.flowId()), -1, -1, NONE, NONE, -1);
      case ConnectionSnapshot c -> add(c.tsNs(), EventKind.CONN, ref(c.flow()), -1, c.state().ordinal(),
          c.rttUs() < 0 ? NONE : c.rttUs(), NONE, -1);
      case Traffic t -> onTraffic(t.tsNs(), t.flow(), t.direction(), t.bytes());
    }
  }

  /** Hands the last, partly filled batch over and waits for all rows to be written. */
  void finish() {
    if (batch.size > 0) {
      writer.put(batch);
    }
    batch = null;
    writer.finish();
    progress.records(rows);
  }

  private void add(long ts, EventKind kind, int ref, int oldState, int newState, long rtt, long lost, int cause) {
    batch.record(ts, kind, ref, oldState, newState, rtt, lost, cause);
    if (ts > lastTsNs) {
      lastTsNs = ts;
    }
    rowAdded();
  }

  private void rowAdded() {
    if (batch.isFull()) {
      writer.put(batch);
      batch = writer.take();
    }
    if ((++rows & 0xffff) == 0) {
      progress.records(rows);
    }
  }

  private int ref(Flow flow) {
    return refOf(flow.id());
  }

  private int refOf(int flowId) {
    Ref r = refs.get(flowId);
    return r == null ? -1 : r.ref;
  }
}
