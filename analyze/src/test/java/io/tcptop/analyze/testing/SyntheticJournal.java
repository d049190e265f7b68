package io.tcptop.analyze.testing;

import io.tcptop.event.Direction;
import io.tcptop.event.Flow;
import io.tcptop.event.Loss;
import io.tcptop.event.LossCause;
import io.tcptop.event.Proto;
import io.tcptop.event.RttSample;
import io.tcptop.event.Seed;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import io.tcptop.event.Tick;
import io.tcptop.journal.JournalWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic, realistic journal: TCP connections that open, exchange traffic with
 * RTT samples and close; UDP flows that go quiet long enough for the aggregator to expire them
 * and come back; flows that existed before recording (seeds); owner changes; losses; ticks.
 * Tests use small ones; the benchmark a 10 M-record one.
 */
public final class SyntheticJournal {

  /**
   * @param records how many records to write (header and END included, approximately)
   * @param flows connections open at any time
   * @param meanGapNs mean time between two records
   * @param cleanEnd whether to write the END record (false: as if the recorder was killed)
   * @param small write small Chronicle files (tests); the benchmark uses the recorder's defaults
   */
  public record Spec(String host, long startEpochNs, long records, int flows, long tickNs, long meanGapNs,
      double udpShare, boolean cleanEnd, long seed, boolean small) {

    public static Spec small(String host, long seed) {
      return new Spec(host, 1_795_000_000_000_000_000L + seed * 3_600_000_000_000L, 6_000, 12,
          1_000_000_000L, 3_000_000L, 0.3, true, seed, true);
    }

    public Spec withRecords(long n) {
      return new Spec(host, startEpochNs, n, flows, tickNs, meanGapNs, udpShare, cleanEnd, seed, small);
    }

    public Spec withCleanEnd(boolean end) {
      return new Spec(host, startEpochNs, records, flows, tickNs, meanGapNs, udpShare, end, seed, small);
    }

    public Spec withStart(long epochNs) {
      return new Spec(host, epochNs, records, flows, tickNs, meanGapNs, udpShare, cleanEnd, seed, small);
    }

    public Spec withFlows(int n) {
      return new Spec(host, startEpochNs, records, n, tickNs, meanGapNs, udpShare, cleanEnd, seed, small);
    }

    public Spec withMeanGap(long ns) {
      return new Spec(host, startEpochNs, records, flows, tickNs, ns, udpShare, cleanEnd, seed, small);
    }
  }

  private static final long MONO_START = 5_000_000_000_000L;
  private static final long UDP_PAUSE_NS = 6_000_000_000L;
  /** Processes that own connections: a few dozen, as on a real server. */
  private static final int PROCESSES = 40;
  private static final String[] COMMS = {"curl", "nginx", "postgres", "java", "dns-resolver", "sshd", "weird,\"comm\""};

  private final Spec spec;
  private final SplittableRandom rnd;
  private final JournalWriter w;
  private final Flow[] slots;
  private final long[] pausedUntil;
  private long ts = MONO_START;
  private long nextTick;
  private int nextFlowId = 1;
  private long written;
  private long lost;

  private SyntheticJournal(Spec spec, JournalWriter w) {
    this.spec = spec;
    this.rnd = new SplittableRandom(spec.seed());
    this.w = w;
    this.slots = new Flow[spec.flows()];
    this.pausedUntil = new long[spec.flows()];
    this.nextTick = MONO_START + spec.tickNs();
  }

  public static Path write(Path dir, Spec spec) {
    long offset = spec.startEpochNs() - MONO_START;
    SessionStart header = new SessionStart(MONO_START, spec.host(), "6.8.0-test", "0.1.0", offset,
        spec.tickNs(), "");
    JournalWriter.Options options = spec.small()
        ? new JournalWriter.Options(false, spec.records() < 2_000 ? 256 * 1024 : 1 << 20, () -> spec.startEpochNs() / 1_000_000L)
        : new JournalWriter.Options(false, 64L << 20, () -> spec.startEpochNs() / 1_000_000L);
    try (JournalWriter w = JournalWriter.create(dir, header, options)) {
      new SyntheticJournal(spec, w).run();
    }
    return dir;
  }

  private void run() {
    for (int i = 0; i < slots.length; i++) {
      if (i % 3 == 0) {
        slots[i] = newFlow(i);
        emit(new Seed(ts, slots[i], slots[i].proto() == Proto.TCP ? TcpState.ESTABLISHED : TcpState.NONE));
      } else {
        open(i);
      }
    }
    while (written < spec.records() - 2) {
      step();
    }
    if (spec.cleanEnd()) {
      ts += 1_000;
      w.onEvent(new SessionEnd(ts, written, lost));
    }
  }

  private void step() {
    ts += 1 + (long) (-Math.log(1 - rnd.nextDouble()) * spec.meanGapNs());
    while (ts >= nextTick) {
      emit(new Tick(nextTick));
      nextTick += spec.tickNs();
    }
    int i = rnd.nextInt(slots.length);
    Flow f = slots[i];
    if (ts < pausedUntil[i]) {
      return;
    }
    double p = rnd.nextDouble();
    if (p < 0.93) {
      boolean send = rnd.nextBoolean();
      int bytes = rnd.nextInt(10) == 0 ? 65_536 : 1 + rnd.nextInt(1448);
      w.onTraffic(ts, f, send ? Direction.SEND : Direction.RECV, bytes);
      written++;
    } else if (p < 0.97) {
      if (f.proto() == Proto.TCP) {
        emit(new RttSample(ts, f, 100 + rnd.nextInt(50_000)));
      } else {
        w.onTraffic(ts, f, Direction.RECV, 0);
        written++;
      }
    } else if (p < 0.985) {
      if (f.proto() == Proto.TCP) {
        close(i);
      } else {
        pausedUntil[i] = ts + UDP_PAUSE_NS;
      }
    } else if (p < 0.995) {
      int process = rnd.nextInt(PROCESSES);
      slots[i] = f.withOwner(ts, pid(process), COMMS[process % COMMS.length]);
      emit(slots[i]);
    } else {
      long n = 1 + rnd.nextInt(100);
      lost += n;
      emit(new Loss(ts, rnd.nextBoolean() ? LossCause.RING_BUFFER_FULL : LossCause.DECODE_ERROR, n));
    }
  }

  private void open(int i) {
    Flow f = newFlow(i);
    slots[i] = f;
    if (f.proto() == Proto.TCP) {
      emit(new StateChange(ts, f, TcpState.CLOSE, TcpState.SYN_SENT, 0, 0, -1));
      emit(new StateChange(ts + 1, f, TcpState.SYN_SENT, TcpState.ESTABLISHED, 0, 0, 200 + rnd.nextInt(5000)));
    }
  }

  private void close(int i) {
    Flow f = slots[i];
    emit(new StateChange(ts, f, TcpState.ESTABLISHED, TcpState.FIN_WAIT1, 0, 0, 300 + rnd.nextInt(5000)));
    emit(new StateChange(ts + 1, f, TcpState.FIN_WAIT1, TcpState.CLOSE, 0, 0, -1));
    ts += 2;
    open(i);
  }

  private Flow newFlow(int slot) {
    boolean udp = rnd.nextDouble() < spec.udpShare();
    int family = rnd.nextInt(4) == 0 ? 6 : 4;
    String local = family == 4 ? "10.0.0." + (1 + slot % 250) : "fd00::" + Integer.toHexString(1 + slot);
    String remote = family == 4
        ? "192.168." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254))
        : "2001:db8::" + Integer.toHexString(1 + rnd.nextInt(0xffff));
    int process = rnd.nextInt(PROCESSES);
    int pid = rnd.nextInt(8) == 0 ? 0 : pid(process);
    String comm = pid == 0 ? "" : COMMS[process % COMMS.length];
    Flow f = new Flow(ts, nextFlowId++, rnd.nextLong(), udp ? Proto.UDP : Proto.TCP, family, local,
        udp ? 53 : 32768 + rnd.nextInt(28000), remote, udp ? 53 : 443, pid, comm);
    emit(f);
    return f;
  }

  private static int pid(int process) {
    return 1000 + 37 * process;
  }

  private void emit(io.tcptop.event.Event e) {
    w.onEvent(e);
    written++;
  }
}
