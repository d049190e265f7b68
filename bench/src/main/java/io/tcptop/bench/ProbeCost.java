package io.tcptop.bench;

import io.tcptop.bpf.Cgroup2Mount;
import io.tcptop.bpf.libbpf.BpfLink;
import io.tcptop.bpf.libbpf.BpfMap;
import io.tcptop.bpf.libbpf.BpfObject;
import io.tcptop.bpf.libbpf.BpfProgram;
import io.tcptop.bpf.libbpf.Libbpf;
import io.tcptop.bpf.libbpf.ProgramStats;
import io.tcptop.bpf.libc.Libc;
import io.tcptop.bpf.ringbuf.RingBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kernel's own cost per event of two builds of the BPF object, side by side: each round loads
 * one object (as it is, with the configuration compiled into it: everything recorded), attaches all
 * its programs (the cgroup ones to the cgroup v2 root), drains its ring in a thread, runs a
 * {@link PingPong} load and reads the run time and count the kernel kept for each program
 * ({@code kernel.bpf_stats_enabled=1}, switched on for the run and back off after). Rounds
 * alternate between the objects, so both see the same machine; prints each round and the medians.
 *
 * <p>Usage (root): {@code ProbeCost BEFORE.o AFTER.o MODE ROUNDS SECONDS}, MODE tcp, udp or
 * udp-unconnected; {@code bench/probe-cost} builds the two objects from git revisions.
 */
public final class ProbeCost {
  private static final Path STATS = Path.of("/proc/sys/kernel/bpf_stats_enabled");
  private static final List<String> SHOWN = List.of("handle_sock_send_length", "handle_sock_recv_length",
      "handle_sendmsg4", "handle_recvmsg4");

  public static void main(String[] args) throws Exception {
    Path[] objects = {Path.of(args[0]), Path.of(args[1])};
    String mode = args[2];
    int rounds = Integer.parseInt(args[3]);
    double seconds = Double.parseDouble(args[4]);
    String before = Files.readString(STATS).strip();
    Files.writeString(STATS, "1");
    try {
      List<List<Map<String, Double>>> perObject = List.of(new ArrayList<>(), new ArrayList<>());
      for (int r = 0; r < rounds; r++) {
        for (int o = 0; o < 2; o++) {
          Map<String, Double> ns = round(objects[o], mode, seconds);
          perObject.get(o).add(ns);
          System.out.printf(Locale.ROOT, "round %d %-6s %s%n", r + 1, o == 0 ? "before" : "after", format(ns));
        }
      }
      for (String program : SHOWN) {
        double b = median(perObject.get(0), program);
        double a = median(perObject.get(1), program);
        if (!Double.isNaN(b) || !Double.isNaN(a)) {
          System.out.printf(Locale.ROOT, "%s %s: median ns per run before %.1f, after %.1f, difference %+.1f%n",
              mode, program, b, a, a - b);
        }
      }
    } finally {
      Files.writeString(STATS, before);
    }
  }

  /** One object, one load: ns per run of each program, and the runs per round trip. */
  static Map<String, Double> round(Path object, String mode, double seconds) throws Exception {
    Libbpf libbpf = Libbpf.get();
    Path root = Cgroup2Mount.find().orElseThrow().mountPoint();
    List<AutoCloseable> open = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      BpfObject obj = BpfObject.open(libbpf, Files.readAllBytes(object), "tcptop");
      open.add(obj);
      obj.map("events").setMaxEntries(64 << 20);
      obj.load();
      int fd = Libc.open(Libc.allocateErrno(arena), arena.allocateFrom(root.toString()),
          Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
      open.add(() -> Libc.close(fd));
      List<BpfProgram> programs = obj.programs();
      for (BpfProgram p : programs) {
        BpfLink link = p.sectionName().startsWith("cgroup/") ? p.attachCgroup(fd, root.toString()) : p.attach();
        open.add(link);
      }
      BpfMap events = obj.map("events");
      RingBuffer ring = new RingBuffer(events.fd(), events.maxEntries());
      open.add(ring);
      AtomicBoolean stop = new AtomicBoolean();
      Thread reader = Thread.ofPlatform().start(() -> {
        while (!stop.get()) {
          ring.poll(100, (data, offset, length) -> { });
        }
      });
      Map<String, ProgramStats> start = stats(programs);
      double trips = PingPong.run(mode, seconds, 1);
      Map<String, ProgramStats> end = stats(programs);
      stop.set(true);
      reader.join();
      Map<String, Double> ns = new LinkedHashMap<>();
      for (String name : end.keySet()) {
        ProgramStats d = end.get(name).since(start.get(name));
        if (d.runCount() > 0) {
          ns.put(name, d.nanosPerRun());
        }
      }
      ns.put("round_trips_per_s", trips);
      return ns;
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private static Map<String, ProgramStats> stats(List<BpfProgram> programs) {
    Map<String, ProgramStats> m = new LinkedHashMap<>();
    for (BpfProgram p : programs) {
      m.put(p.name(), p.stats());
    }
    return m;
  }

  private static String format(Map<String, Double> ns) {
    StringBuilder sb = new StringBuilder();
    for (String program : SHOWN) {
      if (ns.containsKey(program)) {
        sb.append(String.format(Locale.ROOT, "%s %.1f  ", program.replace("handle_", ""), ns.get(program)));
      }
    }
    return sb.append(String.format(Locale.ROOT, "(%.0f round trips/s)", ns.get("round_trips_per_s"))).toString();
  }

  private static double median(List<Map<String, Double>> rounds, String program) {
    double[] v = rounds.stream().filter(m -> m.containsKey(program)).mapToDouble(m -> m.get(program)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
