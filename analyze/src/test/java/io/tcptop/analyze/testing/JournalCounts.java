package io.tcptop.analyze.testing;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.journal.JournalSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What a journal itself holds, counted straight from its source: records, kinds, bytes, losses. */
public final class JournalCounts implements EventHandler {
  public long records;
  public long flows;
  public long bytesIn;
  public long bytesOut;
  /** Bytes a key frame says open connections had moved before it (a slice, a dump, a rolled journal). */
  public long carriedIn;
  public long carriedOut;
  public long lost;
  public long firstTsNs = Long.MAX_VALUE;
  public final Map<String, Long> kinds = new TreeMap<>();

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    firstTsNs = Math.min(firstTsNs, tsNs);
    kind(direction == Direction.SEND ? "send" : "recv");
    if (direction == Direction.SEND) {
      bytesOut += bytes;
    } else {
      bytesIn += bytes;
    }
  }

  @Override
  public void onEvent(Event event) {
    firstTsNs = Math.min(firstTsNs, event.tsNs());
    switch (event) {
      case io.tcptop.event.SessionStart s -> kind("start");
      case Flow f -> {
        kind("flow");
        flows++;
      }
      case io.tcptop.event.StateChange s -> kind("state");
      case io.tcptop.event.RttSample r -> kind("rtt");
      case io.tcptop.event.Seed s -> kind("seed");
      case io.tcptop.event.Tick t -> kind("tick");
      case io.tcptop.event.Loss l -> {
        kind("loss");
        lost += l.count();
      }
      case io.tcptop.event.SessionEnd e -> kind("end");
      case io.tcptop.event.FlowGone g -> kind("forget");
      case io.tcptop.event.ConnectionSnapshot c -> {
        kind("conn");
        carriedIn += c.bytesIn();
        carriedOut += c.bytesOut();
      }
      case io.tcptop.event.Traffic t -> onTraffic(t.tsNs(), t.flow(), t.direction(), t.bytes());
    }
  }

  private void kind(String k) {
    records++;
    kinds.merge(k, 1L, Long::sum);
  }

  public static JournalCounts of(Path journal) {
    JournalCounts c = new JournalCounts();
    try (JournalSource r = JournalSource.open(journal)) {
      r.forEach(c);
    }
    return c;
  }
}
