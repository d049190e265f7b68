package io.tcptop.bench;

import io.tcptop.top.Frame;
import io.tcptop.top.Key;
import io.tcptop.top.Renderer;
import io.tcptop.top.Status;
import io.tcptop.top.TopScreen;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * The CPU time of one frame of {@code tcptop top} (model + render, as in {@link TopFrameBench}),
 * read from the thread's CPU clock, so a busy shared machine does not count against it: 10,000
 * active connections, two ticks alternating, 3,000 frames of warm-up, then the median and 99th
 * percentile of 5,000 frames (or as many as given), for each size and with and without grouping
 * by process.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.tcptop.bench.TopFrameCpu [CONNECTIONS [WARMUP MEASURED]]}
 */
public final class TopFrameCpu {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
    int measured = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
    List<Frame> frames = TopFrameBench.frames(n, 4);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (String keys : new String[] {"", "t"}) {
      for (int[] size : new int[][] {{120, 40}, {80, 24}, {250, 80}}) {
        try (ExternalTerminal terminal = new ExternalTerminal("bench", "xterm-256color", new ByteArrayInputStream(new byte[0]),
            OutputStream.nullOutputStream(), StandardCharsets.UTF_8)) {
          terminal.setSize(new Size(size[0], size[1]));
          Renderer renderer = new Renderer(terminal);
          renderer.resize(size[1], size[0]);
          TopScreen screen = new TopScreen(true, new Status("bench", "▶ playing 1x", 0, 1));
          screen.resize(size[0], size[1]);
          for (Key k : Key.parse(keys)) {
            screen.key(k);
          }
          long[] ns = new long[measured];
          for (int i = -warmup; i < ns.length; i++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            screen.show(frames.get(1 + Math.floorMod(i, 3)));
            renderer.draw(screen.lines());
            if (i >= 0) {
              ns[i] = cpu.getCurrentThreadCpuTime() - c0;
            }
          }
          Arrays.sort(ns);
          System.out.printf(Locale.ROOT, "%,d connections, %dx%d%s: CPU per frame median %.2f ms, p99 %.2f ms%n", n, size[0],
              size[1], keys.isEmpty() ? "" : ", grouped by process", ns[ns.length / 2] / 1e6, ns[ns.length * 99 / 100] / 1e6);
        }
      }
    }
  }
}
