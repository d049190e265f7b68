package io.tcptop.analyze.export;

import io.tcptop.analyze.AnalyzeException;
import io.tcptop.analyze.parquet.ParquetFile;
import io.tcptop.event.EventSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an export of several journals adds up, journal by journal, for its {@link Exporter.Summary}. */
final class ExportTally {
  private final long t0;
  private int journals;
  private long records;
  private long events;
  private long connections;
  private long bandwidth;
  private int files;
  private long bytes;
  private int unclean;
  private final Map<Path, EventSource.Outcome> damaged = new LinkedHashMap<>();

  /** @param t0 when the export began ({@link System#nanoTime()}), for its duration */
  ExportTally(long t0) {
    this.t0 = t0;
  }

  void add(Path journal, JournalExport.Result r) {
    journals++;
    records += r.records();
    events += r.eventRows();
    connections += r.connections();
    bandwidth += r.bandwidthRows();
    unclean += r.endedCleanly() ? 0 : 1;
    if (r.outcome().damaged()) {
      damaged.put(journal, r.outcome());
    }
    files += r.files().size();
    for (ParquetFile f : r.files()) {
      bytes += size(f.path());
    }
  }

  Exporter.Summary summary() {
    return new Exporter.Summary(journals, records, events, connections, bandwidth, files, bytes,
        System.nanoTime() - t0, unclean, damaged);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw AnalyzeException.cannotWrite(p, e);
    }
  }
}
