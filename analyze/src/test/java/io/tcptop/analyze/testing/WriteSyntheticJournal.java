package io.tcptop.analyze.testing;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a {@link SyntheticJournal} from the command line, for tests and benchmarks that run
 * outside this JVM's class path (the fleet test runs Spark on JDK 17 and tcptop as a subprocess):
 *
 * <pre>
 * java -cp tcptop.jar:tcptop-analyze-tests.jar io.tcptop.analyze.testing.WriteSyntheticJournal \
 *     DIR HOST START RECORDS [FLOWS [MEAN_GAP_NS [SEED]]]
 * </pre>
 *
 * START is an ISO-8601 instant ({@code 2026-11-26T23:59:50Z}).
 */
public final class WriteSyntheticJournal {
  private WriteSyntheticJournal() {}

  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: WriteSyntheticJournal DIR HOST START RECORDS [FLOWS [MEAN_GAP_NS [SEED]]]");
      System.exit(2);
    }
    Instant start = Instant.parse(args[2]);
    long startNs = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    long seed = args.length > 6 ? Long.parseLong(args[6]) : 1;
    SyntheticJournal.Spec spec = SyntheticJournal.Spec.small(args[1], seed).withStart(startNs)
        .withRecords(Long.parseLong(args[3]));
    if (args.length > 4) {
      spec = spec.withFlows(Integer.parseInt(args[4]));
    }
    if (args.length > 5) {
      spec = spec.withMeanGap(Long.parseLong(args[5]));
    }
    SyntheticJournal.write(Path.of(args[0]), spec);
  }
}
