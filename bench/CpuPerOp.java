import io.tcptop.bench.JournalBench;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JournalBench's operations timed by the CPU time of the thread that runs them (user + system,
 * page faults of the mapped journal included) instead of by the wall clock: on a busy machine
 * other load stretches wall time far more than CPU time. Run from source against any build's
 * benchmarks jar (bench/ab-cpu does, alternating two builds), so it needs no change to either:
 *   java [tcptop.jvmFlags] -cp benchmarks.jar bench/CpuPerOp.java WARMUPS RUNS
 * Prints per operation the median CPU ns per event of RUNS runs after WARMUPS, then each run.
 */
public class CpuPerOp {
  interface Op {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int warmups = Integer.parseInt(args[0]);
    int runs = Integer.parseInt(args[1]);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    JournalBench bench = new JournalBench();
    bench.setup();
    List<String> names = new ArrayList<>(List.of("append", "read", "readAndAggregate"));
    List<Op> ops = new ArrayList<>(List.of(bench::append, () -> bench.read(bh), () -> bench.readAndAggregate(bh)));
    try {
      // Builds that have it: the writer of a rolling recorder.
      Method rolling = JournalBench.class.getMethod("appendRolling");
      names.add(1, "appendRolling");
      ops.add(1, () -> rolling.invoke(bench));
    } catch (NoSuchMethodException older) {
      // an older build: the three others only
    }
    for (int k = 0; k < ops.size(); k++) {
      for (int i = 0; i < warmups; i++) {
        ops.get(k).run();
      }
      double[] ns = new double[runs];
      for (int i = 0; i < runs; i++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        ops.get(k).run();
        ns[i] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) JournalBench.EVENTS;
      }
      double[] sorted = ns.clone();
      Arrays.sort(sorted);
      System.out.printf(Locale.ROOT, "%s %.2f %s%n", names.get(k), sorted[runs / 2], Arrays.toString(ns));
    }
    bench.tearDown();
  }
}
