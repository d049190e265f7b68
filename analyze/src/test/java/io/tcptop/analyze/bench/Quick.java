package io.tcptop.analyze.bench;

import io.tcptop.analyze.export.Exporter;
import io.tcptop.analyze.export.Progress;
import io.tcptop.analyze.parquet.Partitioning;
import io.tcptop.analyze.testing.SyntheticJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class Quick {
  public static void main(String[] a) throws Exception {
    Path j = Path.of(a[0]);
    long n = Long.parseLong(a[1]);
    if (!Files.exists(j)) {
      long t0 = System.nanoTime();
      SyntheticJournal.write(j, SyntheticJournal.Spec.small("bench-host", 1).withRecords(n).withFlows(2000).withMeanGap(10_000));
      System.out.printf("generated in %.2f s%n", (System.nanoTime() - t0) / 1e9);
    }
    for (int i = 0; i < Integer.parseInt(a[2]); i++) {
      Path out = Path.of(a[0] + "-export");
      var s = Exporter.export(List.of(j), out, new Exporter.Options(Partitioning.NONE, true), Progress.NONE);
      System.out.printf("%s: %.2f M records/s%n", s, s.records() / (s.nanos() / 1e9) / 1e6);
    }
  }
}
