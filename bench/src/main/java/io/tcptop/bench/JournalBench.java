package io.tcptop.bench;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.Tick;
import io.tcptop.journal.JournalSource;
import io.tcptop.journal.JournalWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Journal append, journal read, and read + aggregate over a 10 M-event journal: 1,000 flows,
 * one traffic event per microsecond of event time, a tick every second. Scores are events/s
 * (ops/s with one op per event); -prof gc shows allocation per event.
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
  static final int FLOWS = 1_000;
  static final long START = 1_000_000_000_000L;

  Path work;
  Path journal;
  Flow[] flows;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    work = Files.createTempDirectory("tcptop-bench");
    flows = new Flow[FLOWS];
    for (int i = 0; i < FLOWS; i++) {
      flows[i] = new Flow(START, i + 1, 1000 + i, i % 5 == 0 ? Proto.UDP : Proto.TCP, 4,
          "10.0." + (i / 250) + "." + (i % 250 + 1), 30000 + i, "172.16.0." + (i % 200 + 1), 443, 1000 + i % 50, "app" + i % 7);
    }
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
    SessionStart header = new SessionStart(START, "bench", "k", "t", 0, 1_000_000_000L, "");
    try (JournalWriter w = JournalWriter.create(dir, JournalWriter.Options.defaults().withForce(true))) {
      w.onEvent(header);
      for (Flow f : flows) {
        w.onEvent(f);
      }
      long ts = START;
      long nextTick = START + 1_000_000_000L;
      for (int i = 0; i < EVENTS; i++) {
        ts += 1_000;
        if (ts >= nextTick) {
          w.onEvent(new Tick(nextTick));
          nextTick += 1_000_000_000L;
        }
        w.onTraffic(ts, flows[(int) ((i * 2654435761L) % FLOWS)], (i & 1) == 0 ? Direction.SEND : Direction.RECV, 64 + (i & 1023));
      }
      w.onEvent(new SessionEnd(ts, EVENTS, 0));
      w.flush();
      return w.bytesWritten();
    }
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
