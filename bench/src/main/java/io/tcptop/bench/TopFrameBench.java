package io.tcptop.bench;

import io.tcptop.event.Direction;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.SessionStart;
import io.tcptop.event.Tick;
import io.tcptop.top.Frame;
import io.tcptop.top.FrameMaker;
import io.tcptop.top.Key;
import io.tcptop.top.Renderer;
import io.tcptop.top.Status;
import io.tcptop.top.TopScreen;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.openjdk.jmh.annotations.*;

/**
 * One frame of {@code tcptop top} with 10,000 active connections: the screen model takes the
 * tick's frame (filter, group, sort all rows, keep the selection) and draws its lines through
 * JLine's Display into a terminal that writes to nowhere (JLine's line discipline, xterm-256color).
 * Successive invocations alternate between two ticks whose rates differ, so every frame re-sorts
 * and Display has changes to send. The op is one frame: model + render. This is wall time, which
 * on a shared machine includes waiting for a core; {@link TopFrameCpu} measures the CPU time.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class TopFrameBench {
  static final long START = 1_000_000_000_000L;
  static final long SECOND = 1_000_000_000L;

  @Param({"10000"})
  int connections;

  @Param({"120x40", "80x24", "250x80"})
  String size;

  @Param({"", "t"})
  String keys;

  List<Frame> frames;
  TopScreen screen;
  Renderer renderer;
  ExternalTerminal terminal;
  int next;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    frames = frames(connections, 4);
    String[] wh = size.split("x");
    int columns = Integer.parseInt(wh[0]);
    int rows = Integer.parseInt(wh[1]);
    OutputStream nowhere = OutputStream.nullOutputStream();
    terminal = new ExternalTerminal("bench", "xterm-256color", new ByteArrayInputStream(new byte[0]), nowhere,
        StandardCharsets.UTF_8);
    terminal.setSize(new Size(columns, rows));
    renderer = new Renderer(terminal);
    renderer.resize(rows, columns);
    screen = new TopScreen(true, new Status("bench", "▶ playing 1x", START, START + 10 * SECOND));
    screen.resize(columns, rows);
    for (Key k : Key.parse(keys)) {
      screen.key(k);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    terminal.close();
  }

  @Benchmark
  public int frame() {
    screen.show(frames.get(1 + next++ % 3));
    var lines = screen.lines();
    renderer.draw(lines);
    return lines.size();
  }

  /** The frames of a few ticks in which each of {@code n} connections moves a different number of bytes. */
  public static List<Frame> frames(int n, int ticks) {
    List<Frame> out = new ArrayList<>();
    FrameMaker maker = new FrameMaker(out::add);
    maker.onEvent(new SessionStart(START, "bench", "6.18", "bench", 1_795_168_800_000_000_000L - START, SECOND, ""));
    Flow[] flows = new Flow[n];
    for (int i = 0; i < n; i++) {
      flows[i] = new Flow(START, i + 1, 1000 + i, i % 5 == 0 ? Proto.UDP : Proto.TCP, 4,
          "10.0." + (i / 250) + "." + (i % 250 + 1), 30000 + i % 30000, "172.16." + (i % 7) + "." + (i % 200 + 1), 443, 1000 + i % 50,
          "app" + i % 40);
      maker.onEvent(flows[i]);
    }
    for (int t = 0; t < ticks; t++) {
      long ts = START + t * SECOND;
      for (int i = 0; i < n; i++) {
        // Rates that re-order the rows from one tick to the next.
        maker.onTraffic(ts + i, flows[i], Direction.SEND, 100 + (int) (((long) i * 7919 * (t + 1)) % 100_000));
        maker.onTraffic(ts + i, flows[i], Direction.RECV, 50 + (int) (((long) i * 104729 * (t + 3)) % 50_000));
      }
      maker.onEvent(new Tick(ts + SECOND));
    }
    return out;
  }
}
