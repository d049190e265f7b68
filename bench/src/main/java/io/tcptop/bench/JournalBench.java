package io.tcptop.bench;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.journal.JournalSource;
import io.tcptop.journal.JournalWriter;
import io.tcptop.journal.Retention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Journal append, journal read, and read + aggregate over a 10 M-event journal
 * ({@link GeneratedJournal}: 1,000 flows, one traffic event per microsecond of event time, a tick
 * every second). Scores are events/s (ops/s with one op per event); -prof gc shows allocation
 * per event. appendRolling appends as a rolling recorder does ({@code record --max-age 5m}):
 * the same records, plus the key-frame state every event updates and a flush at every tick.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true", "-Xmx2g"})
public class JournalBench {
  public static final int EVENTS = 10_000_000;

  Path work;
  Path journal;
  Flow[] flows;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    work = Files.createTempDirectory("tcptop-bench");
    flows = GeneratedJournal.flows();
    journal = work.resolve("journal");
    long bytes = write(journal);
    System.out.printf("%njournal: %d events, %d bytes written, %.1f bytes per traffic event%n",
        EVENTS, bytes, bytes / (double) EVENTS);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    delete(work);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long append() throws IOException {
    Path dir = work.resolve("append");
    long bytes = write(dir);
    delete(dir);
    return bytes;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long appendRolling() throws IOException {
    Path dir = work.resolve("append-rolling");
    long bytes = GeneratedJournal.write(dir, flows, EVENTS,
        JournalWriter.Options.defaults().withForce(true).rolling(new Retention(5 * 60_000, 0, 3)));
    delete(dir);
    return bytes;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long read(Blackhole bh) {
    try (JournalSource r = JournalSource.open(journal)) {
      return r.forEach(new EventHandler() {
        @Override
        public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
          bh.consume(bytes);
        }

        @Override
        public void onEvent(Event event) {
          bh.consume(event);
        }
      }).records();
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long readAndAggregate(Blackhole bh) {
    TickListener sink = (ts, epoch, lines) -> bh.consume(lines);
    Aggregator agg = new Aggregator(sink);
    try (JournalSource r = JournalSource.open(journal)) {
      r.forEach(agg);
      agg.finish();
      return agg.trafficEvents();
    }
  }

  private long write(Path dir) {
    return GeneratedJournal.write(dir, flows, EVENTS, true);
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
