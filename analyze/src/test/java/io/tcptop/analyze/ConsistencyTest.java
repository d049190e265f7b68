package io.tcptop.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.testing.Duck;
import io.tcptop.analyze.testing.JournalCounts;
import io.tcptop.analyze.testing.TestJournals;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Cgroup;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.TcpState;
import io.tcptop.journal.JournalSource;
import io.tcptop.replay.Replay;
import io.tcptop.aggregate.TickListener;
import io.tcptop.view.OutputFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every fixture journal and every generated one: the export agrees with replay. Bandwidth
 * rows are the lines of 'replay --format jsonl' (rendered back through the JSONL view itself), each
 * connection's totals are its last line's, and events hold every record.
 */
class ConsistencyTest {

  @TempDir Path tmp;

  static Stream<Arguments> journals() {
    return TestJournals.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("journals")
  void bandwidthRowsAreReplayJsonlLineForLine(String name, Path journal) {
    Path out = export(journal);
    List<String> expected = replayJsonl(journal);
    List<String> actual = bandwidthAsJsonl(out);
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), name + ": line " + (i + 1));
    }
    assertEquals(expected.size(), actual.size(), name + ": number of lines");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("journals")
  void connectionTotalsAreTheCumulativeBytesOfEachConnectionsLastReplayLine(String name, Path journal) {
    Path out = export(journal);
    try (Duck db = new Duck()) {
      Map<Long, long[]> lastLine = new HashMap<>();
      for (var row : db.rows("SELECT connection, bytes_in, bytes_out FROM read_parquet('" + out
          + "/bandwidth/**/*.parquet', filename = true, file_row_number = true) ORDER BY filename, file_row_number")) {
        lastLine.put((Long) row.get("connection"), new long[] {(Long) row.get("bytes_in"), (Long) row.get("bytes_out")});
      }
      var connections = db.rows("SELECT connection, bytes_in, bytes_out FROM read_parquet('" + out
          + "/connections/**/*.parquet') ORDER BY connection");
      assertEquals(lastLine.size(), connections.size(), name + ": one connection row per connection in bandwidth");
      for (var c : connections) {
        long[] last = lastLine.get((Long) c.get("connection"));
        assertEquals(last[0], (Long) c.get("bytes_in"), name + ": bytes_in of connection " + c.get("connection"));
        assertEquals(last[1], (Long) c.get("bytes_out"), name + ": bytes_out of connection " + c.get("connection"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("journals")
  void sqlTotalsAddUpToTheJournalsTrafficAndRecords(String name, Path journal) {
    Path out = export(journal);
    JournalCounts journalCounts = JournalCounts.of(journal);
    var views = io.tcptop.analyze.sql.Views.sql(List.of(sourceOf(out)));
    try (Duck db = new Duck()) {
      db.execute(views);
      assertEquals(journalCounts.records, db.count("SELECT count(*) FROM events"), name + ": records");
      Map<String, Long> kinds = new TreeMap<>();
      for (var row : db.rows("SELECT kind, count(*) AS n FROM events GROUP BY kind")) {
        kinds.put((String) row.get("kind"), (Long) row.get("n"));
      }
      assertEquals(journalCounts.kinds, kinds, name + ": records by kind");
      assertEquals(journalCounts.bytesIn + journalCounts.carriedIn, db.count("SELECT coalesce(sum(bytes_in), 0) FROM connections"),
          name + ": bytes in");
      assertEquals(journalCounts.bytesOut + journalCounts.carriedOut, db.count("SELECT coalesce(sum(bytes_out), 0) FROM connections"),
          name + ": bytes out");
      assertEquals(journalCounts.bytesIn, db.count("SELECT coalesce(sum(bytes), 0) FROM events WHERE kind = 'recv'"), name);
      assertEquals(0, db.count("SELECT count(*) FROM events WHERE kind IN ('send', 'recv', 'state', 'rtt', 'seed', 'flow') "
          + "AND (proto IS NULL OR local_addr IS NULL OR pid IS NULL OR comm IS NULL OR flow IS NULL)"),
          name + ": every flow record has its flow's columns");
      assertEquals(journalCounts.flows, db.count("SELECT count(*) FROM flows"), name + ": flows");
      assertEquals(journalCounts.lost, db.count("SELECT coalesce(sum(lost), 0) FROM events WHERE kind = 'loss'"), name + ": lost");
      String lossRecords = "SELECT ts, lost, cause, host, session FROM events WHERE kind = 'loss'";
      String lossRows = "SELECT ts, lost, cause, host, session FROM losses";
      assertEquals(0, db.count("SELECT count(*) FROM ((" + lossRecords + " EXCEPT ALL " + lossRows + ") UNION ALL ("
          + lossRows + " EXCEPT ALL " + lossRecords + "))"), name + ": losses holds the LOSS records of events, each once");
      assertEquals(journalCounts.firstTsNs, db.count("SELECT min(ts_ns) FROM events"), name + ": ts_ns is the journal's clock");
    }
  }

  private Path export(Path journal) {
    Path out = tmp.resolve("export");
    Exporter.export(List.of(journal), out, new Exporter.Options(Partitioning.NONE, false), Progress.NONE);
    return out;
  }

  static io.tcptop.analyze.sql.ExportSource sourceOf(Path export) {
    return new io.tcptop.analyze.sql.ExportSource(export, List.of());
  }

  static List<String> replayJsonl(Path journal) {
    StringWriter sw = new StringWriter();
    try (JournalSource r = JournalSource.open(journal)) {
      Replay.run(r, OutputFormat.jsonl.view(new PrintWriter(sw)), Replay.Options.DEFAULT);
    }
    return sw.toString().lines().toList();
  }

  /** The bandwidth rows, in file order, printed by the replay's own JSONL view. */
  static List<String> bandwidthAsJsonl(Path export) {
    StringWriter sw = new StringWriter();
    TickListener view = OutputFormat.jsonl.view(new PrintWriter(sw));
    try (Duck db = new Duck()) {
      for (var r : db.rows("SELECT epoch_ns(ts) AS epoch_ns, * FROM read_parquet('" + export
          + "/bandwidth/**/*.parquet', filename = true, file_row_number = true) ORDER BY filename, file_row_number")) {
        String local = (String) r.get("local_addr");
        Flow flow = new Flow(0, (Integer) r.get("flow"), 0, Proto.valueOf(((String) r.get("proto")).toUpperCase()),
            local.contains(":") ? 6 : 4, local, (Integer) r.get("local_port"), (String) r.get("remote_addr"),
            (Integer) r.get("remote_port"), (Integer) r.get("pid"), (String) r.get("comm"),
            new Cgroup(0, orEmpty(r.get("cgroup")), "", orEmpty(r.get("container")), ""),
            r.get("netns") == null ? 0 : (Long) r.get("netns"));
        String state = (String) r.get("state");
        Integer rtt = (Integer) r.get("rtt_us");
        long epochNs = (Long) r.get("epoch_ns");
        ConnectionLine line = new ConnectionLine(0, epochNs, (Long) r.get("connection"), flow,
            state == null ? TcpState.NONE : TcpState.valueOf(state),
            (Long) r.get("bytes_in"), (Long) r.get("bytes_out"), (Long) r.get("tick_in"), (Long) r.get("tick_out"),
            (Double) r.get("rate_in"), (Double) r.get("rate_out"), rtt == null ? -1 : rtt,
            (Boolean) r.get("partial"), (Boolean) r.get("closed"));
        view.onTick(0, epochNs, List.of(line));
      }
    }
    return sw.toString().lines().toList();
  }

  private static String orEmpty(Object value) {
    return value == null ? "" : (String) value;
  }
}
