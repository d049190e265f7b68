package io.tcptop.analyze.export;

import io.tcptop.Version;
import io.tcptop.aggregate.Aggregator;
import io.tcptop.analyze.parquet.DatasetWriter;
import io.tcptop.analyze.parquet.FileModes;
import io.tcptop.analyze.parquet.ParquetFile;
import io.tcptop.analyze.parquet.Layout;
import io.tcptop.analyze.parquet.Table;
import io.tcptop.event.SessionStart;
import io.tcptop.event.EventSource;
import io.tcptop.journal.JournalSource;
import io.tcptop.stream.Tee;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exports one journal in one pass: every record goes to the events rows and to the same
 * {@link Aggregator} replay uses, whose tick lines become the bandwidth rows and whose ended
 * connections become the connection rows.
 */
final class JournalExport {
  private JournalExport() {}

  /** What one journal added to the export. */
  record Result(String session, EventSource.Outcome outcome, long eventRows, long connections, long bandwidthRows,
      List<ParquetFile> files) {

    long records() {
      return outcome.records();
    }

    boolean endedCleanly() {
      return outcome.ending() == EventSource.Ending.CLEAN;
    }
  }

  static Result run(JournalSource reader, Path root, Layout layout, FileModes modes, Progress progress) {
    return run(reader, root, layout, modes, EventRowSet.ALL, progress);
  }

  static Result run(JournalSource reader, Path root, Layout layout, FileModes modes, EventRowSet rowSet,
      Progress progress) {
    SessionStart h = reader.header();
    String session = SessionId.of(h);
    long start = h.toEpochNs(h.tsNs());
    Map<String, String> metadata = Map.of("tcptop.version", Version.get(), "tcptop.session", session);
    List<DatasetWriter> writers = new ArrayList<>();
    for (Table t : Tables.ALL) {
      writers.add(new DatasetWriter(root, t, layout, h.host(), session, start, metadata, modes));
    }
    DatasetWriter events = writers.get(0);
    DatasetWriter flows = writers.get(1);
    DatasetWriter connections = writers.get(2);
    DatasetWriter bandwidth = writers.get(3);
    DatasetWriter sessions = writers.get(4);
    DatasetWriter losses = writers.get(5);
    WriterThread writer = null;
    try {
      long offset = h.wallClockOffsetNs();
      EventWriter eventWriter = new EventWriter(events, session, offset, rowSet);
      writer = new WriterThread("tcptop-export-events", eventWriter::write);
      EventRows eventRows = new EventRows(writer, new FlowRows(flows, h.host(), session, offset),
          new LossRows(losses, h.host(), session, offset), progress);
      ConnectionRows rows = new ConnectionRows(bandwidth, connections, h.host(), session, offset);
      Aggregator aggregator = new Aggregator(rows, rows);
      EventSource.Outcome outcome = reader.forEach(new Tee(eventRows, aggregator));
      aggregator.finish();
      eventRows.finish();
      SessionRows.write(sessions, reader, session, eventRows.lastTsNs(), outcome, aggregator.trafficEvents(),
          aggregator.connectionsSeen(), aggregator.lost());
      List<ParquetFile> files = new ArrayList<>();
      for (DatasetWriter w : writers) {
        w.close();
        files.addAll(w.files());
      }
      return new Result(session, outcome, eventRows.rows(), connections.rows(), bandwidth.rows(), files);
    } catch (RuntimeException | Error e) {
      if (writer != null) {
        writer.close();
      }
      for (DatasetWriter w : writers) {
        w.abort();
      }
      throw e;
    }
  }
}
