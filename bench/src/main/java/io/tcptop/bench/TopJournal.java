package io.tcptop.bench;

import io.tcptop.event.Direction;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.TcpState;
import io.tcptop.event.Tick;
import io.tcptop.journal.JournalWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the journal the top figures are measured on, through the real journal writer: {@code
 * flows} connections open all the time, each sending and receiving {@code perFlowPerSecond}
 * events a second in turn (so every connection is active in every tick), a TICK every second,
 * {@code events} traffic events in all. Deterministic.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.tcptop.bench.TopJournal DIR [EVENTS] [FLOWS] [PER_FLOW_PER_SECOND]}
 * (defaults: 10,000,000 events, 1,000 flows, 10 a second each: 1,000 s of recording).
 */
public final class TopJournal {
  static final long START = 1_000_000_000_000L;
  static final long SECOND = 1_000_000_000L;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long events = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
    int flows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    int perSecond = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    long bytes = write(dir, events, flows, perSecond);
    System.out.printf("%s: %,d traffic events, %,d flows, %,d s, %s%n", dir, events, flows,
        events / ((long) flows * perSecond), bytes < 0 ? "written before" : String.format("%,d bytes", bytes));
  }

  /** Writes the journal unless one with this shape is there already; returns its size. */
  public static long write(Path dir, long events, int flows, int perSecond) throws Exception {
    Path done = dir.resolveSibling(dir.getFileName() + ".shape");
    String shape = events + " " + flows + " " + perSecond + "\n";
    if (Files.exists(done) && Files.readString(done).equals(shape)) {
      return -1;
    }
    long wallOffset = 1_795_168_800_000_000_000L - START; // 2026-11-20T10:00:00Z at START
    SessionStart header = new SessionStart(START, "bench", "6.18", "tcptop bench", wallOffset, SECOND, "");
    Flow[] f = new Flow[flows];
    long step = SECOND / ((long) flows * perSecond);
    try (JournalWriter w = JournalWriter.create(dir, header, new JournalWriter.Options(true, 64L << 20,
        () -> 1_795_168_800_000L))) {
      for (int i = 0; i < flows; i++) {
        f[i] = new Flow(START, i + 1, 1000 + i, i % 5 == 0 ? Proto.UDP : Proto.TCP, 4,
            "10.0." + (i / 250) + "." + (i % 250 + 1), 30000 + i, "172.16." + (i % 7) + "." + (i % 200 + 1),
            i % 5 == 0 ? 53 : 443, 1000 + i % 50, "app" + i % 40);
        w.onEvent(f[i]);
        if (f[i].proto() == Proto.TCP) {
          w.onEvent(new io.tcptop.event.StateChange(START, f[i], TcpState.SYN_SENT, TcpState.ESTABLISHED, 0, 0, 100 + i));
        }
      }
      long ts = START;
      long nextTick = START + SECOND;
      for (long i = 0; i < events; i++) {
        ts += step;
        if (ts >= nextTick) {
          w.onEvent(new Tick(nextTick));
          nextTick += SECOND;
        }
        int flow = (int) (i % flows);
        w.onTraffic(ts, f[flow], (i / flows) % 2 == 0 ? Direction.SEND : Direction.RECV, 100 + (int) ((i * 7919) % 1400));
      }
      w.onEvent(new Tick(ts));
      w.onEvent(new SessionEnd(ts, events, 0));
      w.flush();
      Files.writeString(done, shape);
      return w.bytesWritten();
    }
  }
}
