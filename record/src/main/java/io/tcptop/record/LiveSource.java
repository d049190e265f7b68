package io.tcptop.record;

import io.tcptop.Version;
import io.tcptop.aggregate.Aggregator;
import io.tcptop.bpf.BpfException;
import io.tcptop.bpf.Cgroup2Mount;
import io.tcptop.bpf.ProbeConfig;
import io.tcptop.bpf.TcptopProbes;
import io.tcptop.error.TcptopException;
import io.tcptop.error.UsageException;
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
import java.util.Optional;
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
 * attach (so nothing falls between the two), in every network namespace, and become SEEDs only
 * when the kernel reports them without showing them open: see {@link FlowRegistry}.
 *
 * <p>Each flow carries its owner's cgroup and its socket's namespace. On a host without cgroup v2
 * the recording goes on without cgroups (and without the peers of unconnected UDP), and says so
 * once through {@link Options#notes}.
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
   * @param cgroup record only tasks in this cgroup (a path such as {@code /system.slice}) or below; null for all
   * @param container record only tasks in containers whose id starts with this; null for all
   * @param notes receives what the user should know about this recording, once each, from any thread
   *              (e.g. owners of earlier connections it could not find, a host without cgroup v2)
   */
  public record Options(ProbeConfig probes, long tickIntervalNs, long durationNs, String filters,
                        BooleanSupplier stopRequested, Consumer<String> libbpfLog, String cgroup, String container,
                        Consumer<String> notes) {

    public Options(ProbeConfig probes, long tickIntervalNs, long durationNs, String filters,
                   BooleanSupplier stopRequested, Consumer<String> libbpfLog) {
      this(probes, tickIntervalNs, durationNs, filters, stopRequested, libbpfLog, null, null, note -> { });
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
  private final CgroupNames cgroups;
  private final FlowRegistry flows;
  private final KernelDecoder decoder;
  private final ContainerWatch containers;
  private final boolean ownersInKernel;
  private final SessionStart header;
  private long reportedDrops;
  private long reportedDecodeErrors;
  /** Records this class handed over itself: header, ticks, losses, END. */
  private long ownRecords;
  private long ringPendingMax;
  private Summary summary;

  private LiveSource(Options options, TcptopProbes probes, ContainerWatch containers, boolean ownersInKernel) {
    this.options = options;
    this.probes = probes;
    this.containers = containers;
    this.ownersInKernel = ownersInKernel;
    this.cgroups = CgroupNames.ofThisHost(probes.cgroup2());
    this.flows = new FlowRegistry(cgroups);
    this.decoder = new KernelDecoder(flows);
    this.header = new SessionStart(System.nanoTime(), SessionInfo.hostname(), SessionInfo.kernelRelease(),
        "tcptop " + Version.get(), SessionInfo.wallClockOffsetNs(), options.tickIntervalNs(), options.filters());
  }

  /**
   * Loads and attaches the probes: records queue in the ring from now on, until the stream reads
   * them. The cgroup and container filters are resolved against the cgroup hierarchy here.
   *
   * @throws io.tcptop.error.UsageException when the --cgroup given does not exist
   * @throws TcptopException when the probes cannot be loaded, or a cgroup filter is asked for on a host without cgroup v2
   */
  public static LiveSource open(Options options) {
    Optional<Cgroup2Mount> mount = Cgroup2Mount.find();
    ProbeConfig probeConfig = options.probes();
    List<Path> containerCgroups = List.of();
    if (options.cgroup() != null || options.container() != null) {
      if (mount.isEmpty()) {
        throw new TcptopException("--" + (options.cgroup() != null ? "cgroup" : "container") + " needs a cgroup v2"
            + " hierarchy, and this host has none mounted (cgroup v1 only): filter by --pid or --process instead");
      }
      if (options.cgroup() != null) {
        probeConfig = probeConfig.withCgroups(List.of(existingCgroup(mount.get(), options.cgroup())));
      }
      if (options.container() != null) {
        containerCgroups = ContainerWatch.matching(mount.get(), options.container());
        if (containerCgroups.isEmpty()) {
          options.notes().accept("--container " + options.container() + ": no running container's id starts so;"
              + " one that starts while recording is recorded from within a second of its start");
        }
        if (containerCgroups.size() <= ProbeConfig.MAX_CGROUPS) {
          probeConfig = probeConfig.withContainers(containerCgroups);
        } else {
          // The user-space filter still keeps only those containers; the kernel just cannot pre-filter.
          options.notes().accept("--container " + options.container() + " matches " + containerCgroups.size()
              + " containers, more than the kernel's filter holds (" + ProbeConfig.MAX_CGROUPS + "): filtering after the"
              + " kernel instead, which costs more per event");
          containerCgroups = null;
        }
      }
    }
    for (long netns : probeConfig.netns()) {
      if (!netnsExists(netns)) {
        options.notes().accept("--netns " + netns + ": no such network namespace now (no process is in it, `ip netns`"
            + " names none: `readlink /proc/PID/ns/net` shows a process's); its sockets are recorded if it appears");
      }
    }
    TcptopProbes probes;
    try {
      probes = TcptopProbes.open(probeConfig, options.libbpfLog());
    } catch (BpfException e) {
      throw new TcptopException(e.getMessage(), e);
    }
    if (probes.cgroup2().isEmpty()) {
      options.notes().accept("no cgroup v2 hierarchy is mounted (cgroup v1 only): flows carry no cgroup or container,"
          + " and unconnected UDP datagrams are counted with the unspecified peer (their peers are seen by cgroup v2"
          + " hooks only); everything else is recorded");
    }
    ContainerWatch watch = containerCgroups == null || options.container() == null ? null
        : ContainerWatch.start(probes.cgroup2().orElseThrow(), options.container(), probes, options.notes(),
            containerCgroups);
    boolean ownersInKernel = options.container() == null || containerCgroups != null;
    return new LiveSource(options, probes, watch, ownersInKernel);
  }

  /**
   * Whether the kernel applies the --cgroup and --container filters asked for (it does, unless
   * more containers match than its filter holds): then a filter after it need not ask the flows
   * again, which matters for flows first seen from softirq context, whose cgroup is not known yet.
   */
  public boolean filtersOwnersInKernel() {
    return ownersInKernel;
  }

  /** Whether a process is in the network namespace with this inode, or `ip netns` holds it by a name. */
  static boolean netnsExists(long inode) {
    if (ProcSockets.namespaces(Path.of("/proc")).containsKey(inode)) {
      return true;
    }
    try (var named = java.nio.file.Files.list(Path.of("/run/netns"))) {
      return named.anyMatch(p -> {
        try {
          return inode == (Long) java.nio.file.Files.getAttribute(p, "unix:ino");
        } catch (java.io.IOException | RuntimeException e) {
          return false;
        }
      });
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The directory of the cgroup at {@code path}, which must exist. */
  private static Path existingCgroup(Cgroup2Mount mount, String path) {
    Optional<Path> dir = mount.directoryOf(path);
    if (dir.isEmpty() || !java.nio.file.Files.isDirectory(dir.get())) {
      throw new UsageException("--cgroup " + path + ": no such cgroup in the cgroup v2 hierarchy at "
          + mount.mountPoint() + (dir.isPresent() ? " (" + dir.get() + " does not exist)" : ""));
    }
    return dir.get();
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
      flows.seed(s.netns(), s.localAddr(), s.localPort(), s.remoteAddr(), s.remotePort(), s.state(), s.pid(), s.comm(),
          cgroups.ofPath(s.cgroup()));
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
        flows.resolvePendingCgroups(nextTick, out);
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
    if (containers != null) {
      containers.close();
    }
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
