package io.tcptop.analyze.export;

import io.tcptop.analyze.parquet.Column;
import io.tcptop.analyze.parquet.DatasetWriter;
import io.tcptop.analyze.parquet.ParquetFile;
import io.tcptop.event.EventKind;
import io.tcptop.event.LossCause;
import io.tcptop.event.TcpState;
import org.apache.parquet.io.api.Binary;

/** Turns batches of event rows into {@code events} rows; runs on the export's writing thread. */
final class EventWriter {
  private static final Column TS = Tables.EVENTS.column("ts");
  private static final Column KIND = Tables.EVENTS.column("kind");
  private static final Column FLOW_REF = Tables.EVENTS.column("flow_ref");
  private static final Column BYTES = Tables.EVENTS.column("bytes");
  private static final Column OLD_STATE = Tables.EVENTS.column("old_state");
  private static final Column NEW_STATE = Tables.EVENTS.column("new_state");
  private static final Column RTT_US = Tables.EVENTS.column("rtt_us");
  private static final Column LOST = Tables.EVENTS.column("lost");
  private static final Column CAUSE = Tables.EVENTS.column("cause");
  private static final Column SESSION = Tables.EVENTS.column("session");

  /** The {@code kind} column's values, by {@link EventKind} ordinal. */
  private static final Binary[] LABELS = java.util.Arrays.stream(EventKind.values())
      .map(k -> Strings.binary(k.label())).toArray(Binary[]::new);

  private static final TcpState[] STATES = TcpState.values();
  private static final LossCause[] CAUSES = LossCause.values();

  private final DatasetWriter events;
  private final Binary session;
  private final long offsetNs;
  private final EventRowSet rowSet;

  EventWriter(DatasetWriter events, String session, long offsetNs, EventRowSet rowSet) {
    this.events = events;
    this.session = Strings.binary(session);
    this.offsetNs = offsetNs;
    this.rowSet = rowSet;
  }

  void write(EventBatch b) {
    for (int i = 0; i < b.size; i++) {
      if (!rowSet.keeps(b.rttUs[i])) {
        continue;
      }
      long tsNs = b.tsNs[i];
      long epochNs = tsNs + offsetNs;
      ParquetFile f = events.file(epochNs);
      f.slot(TS).putTimestamp(epochNs);
      f.slot(KIND).putString(LABELS[b.kind[i].ordinal()]);
      if (b.ref[i] < 0) {
        f.slot(FLOW_REF).putNull();
      } else {
        f.slot(FLOW_REF).putInt(b.ref[i]);
      }
      putLong(f.slot(BYTES), b.bytes[i]);
      putState(f.slot(OLD_STATE), b.oldState[i]);
      putState(f.slot(NEW_STATE), b.newState[i]);
      if (b.rttUs[i] == EventBatch.NONE) {
        f.slot(RTT_US).putNull();
      } else {
        f.slot(RTT_US).putInt((int) b.rttUs[i]);
      }
      putLong(f.slot(LOST), b.lost[i]);
      if (b.cause[i] < 0) {
        f.slot(CAUSE).putNull();
      } else {
        f.slot(CAUSE).putString(Strings.cause(CAUSES[b.cause[i]]));
      }
      f.slot(SESSION).putString(session);
      f.endRow();
    }
  }

  private static void putLong(ParquetFile.Slot s, long v) {
    if (v == EventBatch.NONE) {
      s.putNull();
    } else {
      s.putLong(v);
    }
  }

  private static void putState(ParquetFile.Slot s, byte ordinal) {
    Binary name = ordinal < 0 ? null : Strings.state(STATES[ordinal]);
    if (name == null) {
      s.putNull();
    } else {
      s.putString(name);
    }
  }
}
