package io.tcptop.record;

import io.tcptop.Version;
import io.tcptop.aggregate.Aggregator;
import io.tcptop.bpf.BpfException;
import io.tcptop.bpf.ProbeConfig;
import io.tcptop.bpf.TcptopProbes;
import io.tcptop.error.TcptopException;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource;
import io.tcptop.event.Loss;
import io.tcptop.event.LossCause;
import io.tcptop.event.Proto;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.TcpState;
import io.tcptop.event.Tick;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The live recording as an {@link EventSource}: the kernel probes and their ring buffer, the
 * decoder and flow registry that turn records into events, and the recording loop, which adds
 * what is not a kernel event: the header, a TICK each time a tick boundary passes (after
 * draining what the kernel queued until then), a LOSS whenever a drop counter moved, and END
 * when it is asked to stop. A journal replays to what a consumer of this stream saw, because the
 * journal holds this very stream.
 *
 * <p>Connections that began before the probes are found in /proc once, right after the probes
 * attach (so nothing falls between the two), and become SEEDs only when the kernel reports them
 * without showing them open: see {@link FlowRegistry}.
 */
public final class LiveSource implements EventSource {

  /**
   * The /proc states of a connection that the kernel can still report: it may move bytes or
   * change state again. Not LISTEN (a listener is not a connection), not TIME_WAIT (a kernel
   * mini-socket that only expires, with no record), not CLOSE (not connected), not SYN_RECV
   * (what /proc lists so are half-open requests: the socket accepted from one is new, and the
   * probes see it open).
   */
  private static final Set<TcpState> CAN_SHOW_UP = EnumSet.of(TcpState.ESTABLISHED, TcpState.SYN_SENT,
      TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.CLOSE_WAIT, TcpState.CLOSING, TcpState.LAST_ACK);

  /**
   * @param tickIntervalNs the view's tick interval, recorded as TICKs
   * @param durationNs stop after this long; 0 for no limit
   * @param filters the filters as the user typed them, for the header
   * @param stopRequested polled after every drain: true ends the recording cleanly
   * @param libbpfLog receives libbpf's messages
   * @param notes receives what the user should know about this recording, once each (e.g. owners
   *              of earlier connections it could not find)
   */
  public record Options(ProbeConfig probes, long tickIntervalNs, long durationNs, String filters,
                        BooleanSupplier stopRequested, Consumer<String> libbpfLog, Consumer<String> notes) {
    public Options(ProbeConfig probes, long tickIntervalNs, long durationNs, String filters,
                   BooleanSupplier stopRequested, Consumer<String> libbpfLog) {
      this(probes, tickIntervalNs, durationNs, filters, stopRequested, libbpfLog, note -> { });
    }
  }

  /** What a recording did, for the summary line. */
  public record Summary(long startNs, long endNs, long kernelRecords, long lost) {}

  /**
   * The recording's counters so far, for metrics. Losses are those already handed over as LOSS
   * events, so they add up to what the journal says; {@code ringPendingMaxBytes} is the most the
   * kernel had queued, unread, at any drain since the previous call.
   */
  public record Counters(long kernelEvents, long lostRingFull, long lostDecodeErrors,
                         long ringPendingMaxBytes, long ringSizeBytes) {}

  private final Options options;
  private final TcptopProbes probes;
  private final FlowRegistry flows = new FlowRegistry();
  private final KernelDecoder decoder = new KernelDecoder(flows);
  private final SessionStart header;
  private long reportedDrops;
  private long reportedDecodeErrors;
  /** Records this class handed over itself: header, ticks, losses, END. */
  private long ownRecords;
  private long ringPendingMax;
  private Summary summary;

  private LiveSource(Options options, TcptopProbes probes) {
    this.options = options;
    this.probes = probes;
    this.header = new SessionStart(System.nanoTime(), SessionInfo.hostname(), SessionInfo.kernelRelease(),
        "tcptop " + Version.get(), SessionInfo.wallClockOffsetNs(), options.tickIntervalNs(), options.filters());
  }

  /** Loads and attaches the probes: records queue in the ring from now on, until the stream reads them. */
  public static LiveSource open(Options options) {
    try {
      return new LiveSource(options, TcptopProbes.open(options.probes(), options.libbpfLog()));
    } catch (BpfException e) {
      throw new TcptopException(e.getMessage(), e);
    }
  }

  @Override
  public SessionStart header() {
    return header;
  }

  /** Records until a stop is requested or the duration has passed; ends with a TICK and END. */
  @Override
  public Outcome forEach(EventHandler handler) {
    EventHandler out = handler;
    decoder.deliverTo(out);
    long start = header.tsNs();
    own(out, header);
    ProcSockets.Scan scan = ProcSockets.scanAll(Path.of("/proc"));
    for (ProcSockets.Socket s : seedCandidates(scan.sockets())) {
      flows.seed(s.localAddr(), s.localPort(), s.remoteAddr(), s.remotePort(), s.state(), s.pid(), s.comm());
    }
    if (scan.unreadableProcesses() > 0) {
      options.notes().accept("could not read /proc/PID/fd of " + scan.unreadableProcesses() + " processes of other "
          + "users (that needs CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE): their connections opened before the "
          + "recording show no owner (pid 0) until the process sends or receives on them");
    }
    long until = options.durationNs() > 0 ? start + options.durationNs() : Long.MAX_VALUE;
    long interval = options.tickIntervalNs();
    long nextTick = start + interval;
    long now = start;
    while (!options.stopRequested().getAsBoolean() && now < until && out.wantsMore()) {
      long waitNs = Math.min(nextTick, until) - now;
      ringPendingMax = Math.max(ringPendingMax, probes.ringBuffer().pendingBytes());
      probes.ringBuffer().poll((int) Math.max(1, Math.min(100, waitNs / 1_000_000)), decoder);
      now = System.nanoTime();
      reportLosses(now, out);
      // Behind by several ticks (a starved recorder): catch up, but not past the end, and not
      // after a stop is asked for; each drain takes up to a ring's worth of work.
      while (now >= nextTick && nextTick <= until && !options.stopRequested().getAsBoolean()) {
        probes.ringBuffer().drain(decoder);
        own(out, new Tick(nextTick));
        // What the aggregator has expired at this tick, the registry forgets too: memory stays
        // bounded by the peers that are active, however many come and go over days.
        flows.forgetIdlePeers(nextTick, Aggregator.UDP_IDLE_NS, out);
        nextTick += interval;
      }
      out.onFlush();
    }
    probes.ringBuffer().drain(decoder);
    long end = Math.max(System.nanoTime(), nextTick - interval);
    reportLosses(end, out);
    own(out, new Tick(end));
    long lost = reportedDrops + reportedDecodeErrors;
    own(out, new SessionEnd(end, decoder.records(), lost));
    out.onFlush();
    summary = new Summary(start, end, decoder.records(), lost);
    return new Outcome(ownRecords + decoder.delivered() + flows.handedOver(), Ending.CLEAN);
  }

  /**
   * The counters so far. Call it on the thread that runs {@link #forEach}, from the handler (its
   * {@code onFlush}, after each drain): nothing here is shared with other threads.
   */
  public Counters counters() {
    long pendingMax = ringPendingMax;
    ringPendingMax = 0;
    return new Counters(decoder.records(), reportedDrops, reportedDecodeErrors, pendingMax,
        options.probes().ringSizeBytes());
  }

  /** What the recording did; null until {@link #forEach} returned. */
  public Summary summary() {
    return summary;
  }

  @Override
  public void close() {
    probes.close();
  }

  /**
   * Of the sockets /proc lists, those that may be connections begun before the probes: TCP in a
   * state that can still be reported. No UDP: a UDP flow has no start the probes could miss (it
   * begins with a datagram, as after an idle expiry), and an unconnected socket has no peer to
   * match.
   */
  static List<ProcSockets.Socket> seedCandidates(List<ProcSockets.Socket> sockets) {
    return sockets.stream().filter(s -> s.proto() == Proto.TCP && CAN_SHOW_UP.contains(s.state())).toList();
  }

  private void own(EventHandler out, Event event) {
    out.onEvent(event);
    ownRecords++;
  }

  private void reportLosses(long now, EventHandler out) {
    long drops = probes.lostRecords();
    if (drops > reportedDrops) {
      own(out, new Loss(now, LossCause.RING_BUFFER_FULL, drops - reportedDrops));
      reportedDrops = drops;
    }
    long errors = decoder.decodeErrors();
    if (errors > reportedDecodeErrors) {
      own(out, new Loss(now, LossCause.DECODE_ERROR, errors - reportedDecodeErrors));
      reportedDecodeErrors = errors;
    }
  }
}
