package io.tcptop.bench;

import io.tcptop.event.Direction;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.Tick;
import io.tcptop.journal.JournalWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The journal the benchmarks work on: {@code events} traffic events over 1,000 flows (a fifth of
 * them UDP), one per microsecond of event time, a TICK every second. JournalBench appends and
 * reads it; the command-line figures (slice, scrub) run on one written by {@link #main}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.tcptop.bench.GeneratedJournal DIR [EVENTS]}
 * (EVENTS defaults to 10,000,000; DIR must not exist).
 */
public final class GeneratedJournal {
  static final int FLOWS = 1_000;
  static final long START = 1_000_000_000_000L;

  private GeneratedJournal() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
    long t0 = System.nanoTime();
    long bytes = write(dir, flows(), events, false);
    System.out.printf(Locale.ROOT, "%s: %,d traffic events, %,d bytes, written in %.1f s%n",
        dir, events, bytes, (System.nanoTime() - t0) / 1e9);
  }

  static Flow[] flows() {
    Flow[] flows = new Flow[FLOWS];
    for (int i = 0; i < FLOWS; i++) {
      flows[i] = new Flow(START, i + 1, 1000 + i, i % 5 == 0 ? Proto.UDP : Proto.TCP, 4,
          "10.0." + (i / 250) + "." + (i % 250 + 1), 30000 + i, "172.16.0." + (i % 200 + 1), 443, 1000 + i % 50, "app" + i % 7);
    }
    return flows;
  }

  /** Writes the journal into {@code dir} (replacing it when {@code force}); returns the bytes written. */
  static long write(Path dir, Flow[] flows, int events, boolean force) {
    return write(dir, flows, events, JournalWriter.Options.defaults().withForce(force));
  }

  /** Writes the journal with the writer's {@code options} (a rolling one, say); returns the bytes written. */
  static long write(Path dir, Flow[] flows, int events, JournalWriter.Options options) {
    SessionStart header = new SessionStart(START, "bench", "k", "t", 0, 1_000_000_000L, "");
    try (JournalWriter w = JournalWriter.create(dir, options)) {
      w.onEvent(header);
      for (Flow f : flows) {
        w.onEvent(f);
      }
      long ts = START;
      long nextTick = START + 1_000_000_000L;
      for (int i = 0; i < events; i++) {
        ts += 1_000;
        if (ts >= nextTick) {
          w.onEvent(new Tick(nextTick));
          nextTick += 1_000_000_000L;
        }
        w.onTraffic(ts, flows[(int) ((i * 2654435761L) % flows.length)], (i & 1) == 0 ? Direction.SEND : Direction.RECV, 64 + (i & 1023));
      }
      w.onEvent(new SessionEnd(ts, events, 0));
      w.flush();
      return w.bytesWritten();
    }
  }
}
