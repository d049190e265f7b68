package io.tcptop.record;

import io.tcptop.event.EventHandler;
import io.tcptop.event.Loss;
import io.tcptop.event.LossCause;
import io.tcptop.event.Seed;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.Tick;
import java.util.List;

/**
 * The recording loop. It decides everything that is not a kernel event and writes it in the
 * stream: SEEDs first, a TICK each time a tick boundary passes (after draining what the kernel
 * queued until then), a LOSS whenever a drop counter moved, END on a clean stop. The live view
 * sees this same stream, so replaying the journal prints what the live view printed.
 */
final class Recorder {

  /** What a recording did, for the summary line. */
  record Result(long startNs, long endNs, long kernelRecords, long lost) {}

  private final KernelSource kernel;
  private final FlowRegistry flows;
  private final EventHandler out;
  private final long intervalNs;
  private final java.util.function.BooleanSupplier stopRequested;
  private long reportedDrops;
  private long reportedDecodeErrors;
  private long events;

  Recorder(KernelSource kernel, FlowRegistry flows, EventHandler out, long intervalNs,
           java.util.function.BooleanSupplier stopRequested) {
    this.stopRequested = stopRequested;
    this.kernel = kernel;
    this.flows = flows;
    this.out = out;
    this.intervalNs = intervalNs;
  }

  /** Writes the sockets that exist now as SEEDs: their earlier bytes are unknown. */
  void seed(long ts, List<ProcSockets.Socket> sockets) {
    for (ProcSockets.Socket s : sockets) {
      var f = flows.seed(ts, s.proto(), s.family(), s.localAddr(), s.localPort(), s.remoteAddr(),
          s.remotePort(), s.pid(), s.comm());
      out.onEvent(f);
      out.onEvent(new Seed(ts, f, s.state()));
    }
  }

  /**
   * Records until a stop is requested or {@code untilNs} (monotonic; Long.MAX_VALUE for no
   * limit), or until {@code afterBatch}, run after every poll (the journal flushes there),
   * returns false.
   */
  Result run(long startNs, long untilNs, java.util.function.BooleanSupplier afterBatch) {
    long nextTick = startNs + intervalNs;
    long now = startNs;
    boolean keepGoing = true;
    while (keepGoing && !stopRequested.getAsBoolean() && now < untilNs) {
      long waitNs = Math.min(nextTick, untilNs) - now;
      kernel.poll((int) Math.max(1, Math.min(100, waitNs / 1_000_000)));
      now = System.nanoTime();
      reportLosses(now);
      while (now >= nextTick) {
        kernel.drain();
        out.onEvent(new Tick(nextTick));
        nextTick += intervalNs;
      }
      keepGoing = afterBatch.getAsBoolean();
    }
    kernel.drain();
    long end = Math.max(System.nanoTime(), nextTick - intervalNs);
    reportLosses(end);
    out.onEvent(new Tick(end));
    out.onEvent(new SessionEnd(end, kernel.records(), reportedDrops + reportedDecodeErrors));
    afterBatch.getAsBoolean();
    return new Result(startNs, end, kernel.records(), reportedDrops + reportedDecodeErrors);
  }

  private void reportLosses(long now) {
    long drops = kernel.kernelDrops();
    if (drops > reportedDrops) {
      out.onEvent(new Loss(now, LossCause.RING_BUFFER_FULL, drops - reportedDrops));
      reportedDrops = drops;
    }
    long errors = kernel.decodeErrors();
    if (errors > reportedDecodeErrors) {
      out.onEvent(new Loss(now, LossCause.DECODE_ERROR, errors - reportedDecodeErrors));
      reportedDecodeErrors = errors;
    }
  }
}
