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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kernel's own cost per event of two builds of the BPF object, side by side: both objects
 * are loaded (each as it is, with the configuration compiled into it: everything recorded) and
 * attached at once, so every send and receive of a {@link PingPong} load runs both objects'
 * programs one after the other, on the same socket, in the same moment. The kernel's BPF
 * statistics ({@code kernel.bpf_stats_enabled=1}, switched on for the run and back off after)
 * give each program's run time and count; the difference of the two is what the change costs,
 * untouched by whatever else the machine does in between. The order of attachment alternates
 * from round to round (the second program finds the socket in the cache the first warmed).
 * Each object's ring is drained by a thread of its own. Prints each round, and the medians.
 *
 * <p>Usage (root): {@code ProbeCost BEFORE.o AFTER.o MODE ROUNDS SECONDS [alone|warmed]}, MODE tcp, udp or
 * udp-unconnected; with {@code alone} each object runs by itself, in turn; with {@code warmed} both
 * at once behind a third, unmeasured copy of BEFORE that runs first. {@code bench/probe-cost}
 * builds the two objects from git revisions.
 */
public final class ProbeCost {
  private static final Path STATS = Path.of("/proc/sys/kernel/bpf_stats_enabled");
  private static final List<String> SHOWN = List.of("handle_sock_send_length", "handle_sock_recv_length");

  public static void main(String[] args) throws Exception {
    Path before = Path.of(args[0]);
    Path after = Path.of(args[1]);
    String mode = args[2];
    int rounds = Integer.parseInt(args[3]);
    double seconds = Double.parseDouble(args[4]);
    // "alone": each object attached by itself, in turn (its own load run), rather than both at
    // once: no program runs on a socket the other one's just warmed, at the price of pairing
    // two moments of the machine instead of one.
    boolean alone = args.length > 5 && args[5].equals("alone");
    // "warmed": both at once, after a third copy of BEFORE attached ahead of them and not
    // measured, which takes the first touch of the socket's and the task's cache lines; the two
    // measured programs then both run on warm lines, whichever is attached first, so what is left
    // between them is what their own instructions cost.
    boolean warmed = args.length > 5 && args[5].equals("warmed");
    String stats = Files.readString(STATS).strip();
    Files.writeString(STATS, "1");
    try {
      Map<String, List<double[]>> perProgram = new LinkedHashMap<>();
      for (int r = 0; r < rounds; r++) {
        boolean beforeFirst = r % 2 == 0;
        List<Map<String, Double>> ns = alone
            ? List.of(round(List.of(beforeFirst ? before : after), mode, seconds).get(0),
                round(List.of(beforeFirst ? after : before), mode, seconds).get(0))
            : warmed ? round(beforeFirst ? List.of(before, before, after) : List.of(before, after, before), mode, seconds).subList(1, 3)
            : round(beforeFirst ? List.of(before, after) : List.of(after, before), mode, seconds);
        Map<String, Double> b = ns.get(beforeFirst ? 0 : 1);
        Map<String, Double> a = ns.get(beforeFirst ? 1 : 0);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s round %d (%s attached first):", mode,
            r + 1, beforeFirst ? "before" : "after"));
        for (String program : SHOWN) {
          if (b.containsKey(program) && a.containsKey(program)) {
            perProgram.computeIfAbsent(program, p -> new ArrayList<>()).add(new double[] {b.get(program), a.get(program)});
            line.append(String.format(Locale.ROOT, "  %s %.1f -> %.1f ns", program.replace("handle_sock_", ""),
                b.get(program), a.get(program)));
          }
        }
        System.out.println(line.append(String.format(Locale.ROOT, "  (%.0f round trips/s; records with facts %.3f -> %.3f)",
            a.get("trips"), b.get("facts"), a.get("facts"))));
        if (SHOWN.stream().allMatch(p -> b.containsKey(p) && a.containsKey(p))) {
          // An event is one send or one receive, and a round trip has as many of each.
          perProgram.computeIfAbsent("per event (send and receive averaged)", p -> new ArrayList<>()).add(new double[] {
              SHOWN.stream().mapToDouble(b::get).average().orElseThrow(),
              SHOWN.stream().mapToDouble(a::get).average().orElseThrow()});
        }
      }
      for (var e : perProgram.entrySet()) {
        List<double[]> v = e.getValue();
        System.out.printf(Locale.ROOT, "%s %s: median ns per run before %.1f, after %.1f; median difference %+.1f"
                + " (rounds: min %+.1f, max %+.1f)%n", mode, e.getKey(), median(v, 0), median(v, 1), medianDifference(v),
            v.stream().mapToDouble(d -> d[1] - d[0]).min().orElse(0), v.stream().mapToDouble(d -> d[1] - d[0]).max().orElse(0));
      }
    } finally {
      Files.writeString(STATS, stats);
    }
  }

  /** The objects loaded and attached in this order, one load run: ns per run of each program, per object. */
  static List<Map<String, Double>> round(List<Path> objects, String mode, double seconds) throws Exception {
    Libbpf libbpf = Libbpf.get();
    Path root = Cgroup2Mount.find().orElseThrow().mountPoint();
    List<AutoCloseable> open = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> readers = new ArrayList<>();
    List<long[]> kinds = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      int fd = Libc.open(Libc.allocateErrno(arena), arena.allocateFrom(root.toString()),
          Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
      open.add(() -> Libc.close(fd));
      List<List<BpfProgram>> programs = new ArrayList<>();
      for (Path object : objects) {
        BpfObject obj = BpfObject.open(libbpf, Files.readAllBytes(object), "tcptop");
        open.add(obj);
        obj.map("events").setMaxEntries(64 << 20);
        obj.load();
        programs.add(obj.programs());
        BpfMap events = obj.map("events");
        RingBuffer ring = new RingBuffer(events.fd(), events.maxEntries());
        open.add(ring);
        long[] byKind = new long[8];
        kinds.add(byKind);
        readers.add(Thread.ofPlatform().start(() -> {
          while (!stop.get()) {
            ring.poll(100, (data, offset, length) -> byKind[data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset) & 7]++);
          }
        }));
      }
      for (List<BpfProgram> ps : programs) {
        for (BpfProgram p : ps) {
          open.add(p.sectionName().startsWith("cgroup/") ? p.attachCgroup(fd, root.toString()) : p.attach());
        }
      }
      List<Map<String, ProgramStats>> start = programs.stream().map(ProbeCost::stats).toList();
      double trips = PingPong.run(mode, seconds, 1);
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
      List<Map<String, Double>> result = new ArrayList<>();
      for (int i = 0; i < programs.size(); i++) {
        Map<String, ProgramStats> end = stats(programs.get(i));
        Map<String, Double> ns = new LinkedHashMap<>();
        for (String name : end.keySet()) {
          ProgramStats d = end.get(name).since(start.get(i).get(name));
          if (d.runCount() > 0) {
            ns.put(name, d.nanosPerRun());
          }
        }
        ns.put("trips", trips);
        long[] k = kinds.get(i);
        // Records that carry the socket's facts (DATA_SOCKET) per record sent: what the path costs depends on it.
        ns.put("facts", k[2] / (double) Math.max(1, k[1] + k[2]));
        result.add(ns);
      }
      return result;
    } finally {
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
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

  private static double median(List<double[]> rounds, int which) {
    return median(rounds.stream().mapToDouble(d -> d[which]).toArray());
  }

  private static double medianDifference(List<double[]> rounds) {
    return median(rounds.stream().mapToDouble(d -> d[1] - d[0]).toArray());
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
