package io.tcptop.bench;

import io.tcptop.journal.JournalSource;
import io.tcptop.stream.FlowFilter;
import io.tcptop.top.Frame;
import io.tcptop.top.JournalPlayer;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * {@code tcptop top JOURNAL} over a 10 M-event journal (1,000 connections all active, 1,000 s),
 * the player alone (no terminal): the time from opening the journal to the first tick's frame;
 * a seek to the middle right after it (the background reading has only just started, so the
 * seek waits for it to get there); a seek to the middle once the background reading has saved
 * its states for the whole recording; and one tick back from there. {@code seeking=none} is the
 * player without saved states, which reads the journal again from its start for every seek back
 * or far ahead (what it did before). Single shots in fresh JVMs (each fork one cold start, as a
 * user meets it), and the indexed seek warm too. The journal is written once under bench/target
 * and reused.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 5, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true", "-XX:+UseSerialGC"})
public class TopSeekBench {
  static final Path JOURNAL = Path.of(System.getProperty("tcptop.bench.journal", "target/top-journal-10M"));

  /** {@code states}: the player as top runs it; {@code none}: no saved states, every seek back reads from the start. */
  @Param({"states", "none"})
  String seeking;

  long middleEpochNs;
  /** Where the last ticks begin, as tcptop top computes it. */
  long endHintEpochNs;

  final BlockingQueue<JournalPlayer.Reply> replies = new LinkedBlockingQueue<>();
  JournalPlayer player;
  long middleTick;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    TopJournal.write(JOURNAL, 10_000_000L, 1_000, 10);
    try (JournalSource s = JournalSource.open(JOURNAL)) {
      long start = s.header().startEpochNs();
      long end = s.header().toEpochNs(s.lastTimestampNs());
      middleEpochNs = start + (end - start) / 2;
      endHintEpochNs = end - 2 * s.header().tickIntervalNs();
    }
  }

  private JournalPlayer.Seeking seeking() {
    return seeking.equals("none") ? JournalPlayer.Seeking.NONE : JournalPlayer.Seeking.defaults();
  }

  private void open() {
    replies.clear();
    player = new JournalPlayer(() -> JournalSource.open(JOURNAL), FlowFilter.Spec.ALL, replies::add, endHintEpochNs, seeking());
  }

  private Frame show(JournalPlayer.Target target) throws InterruptedException {
    long id = player.request(target);
    while (true) {
      JournalPlayer.Reply r = replies.poll(120, TimeUnit.SECONDS);
      if (r == null || r.request() > id) {
        throw new IllegalStateException("no frame for " + target + ": " + r);
      }
      if (r.request() == id && r instanceof JournalPlayer.Reply.Shown s) {
        return s.frame();
      }
      if (r.request() == id) {
        throw new IllegalStateException("no frame for " + target + ": " + r);
      }
    }
  }

  /** The first frame is on screen and the player was asked for the next (which starts the background reading). */
  private void atTheFirstFrame() throws InterruptedException {
    open();
    show(new JournalPlayer.Target.Tick(0));
    show(new JournalPlayer.Target.Tick(1));
  }

  /** As at the first frame, then until the background reading has read everything; and the middle tick's number. */
  private void indexed() throws InterruptedException {
    atTheFirstFrame();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (seeking.equals("states") && !player.indexed() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @TearDown(Level.Invocation)
  public void close() {
    if (player != null) {
      player.close();
      player = null;
    }
  }

  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public Frame firstFrameCold() throws InterruptedException {
    open();
    return show(new JournalPlayer.Target.Tick(0));
  }

  /** The state right after the first frame: the background reading has just started. */
  @State(Scope.Thread)
  public static class AtFirstFrame {
    @Setup(Level.Invocation)
    public void setup(TopSeekBench b) throws InterruptedException {
      b.atTheFirstFrame();
    }
  }

  /** The state once the background reading is over (for {@code seeking=none}: right after the first frame). */
  @State(Scope.Thread)
  public static class Indexed {
    @Setup(Level.Invocation)
    public void setup(TopSeekBench b) throws InterruptedException {
      b.indexed();
    }
  }

  /** As {@link Indexed}, and the tick in the middle on screen. */
  @State(Scope.Thread)
  public static class AtTheMiddle {
    @Setup(Level.Invocation)
    public void setup(TopSeekBench b) throws InterruptedException {
      b.indexed();
      b.middleTick = b.show(new JournalPlayer.Target.Time(b.middleEpochNs)).index();
    }
  }

  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public Frame middleRightAfterFirstFrameCold(AtFirstFrame at) throws InterruptedException {
    return show(new JournalPlayer.Target.Time(middleEpochNs));
  }

  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public Frame middleIndexedCold(Indexed at) throws InterruptedException {
    return show(new JournalPlayer.Target.Time(middleEpochNs));
  }

  @Benchmark
  @Fork(1)
  @Warmup(iterations = 3)
  @Measurement(iterations = 7)
  public Frame middleIndexedWarm(Indexed at) throws InterruptedException {
    return show(new JournalPlayer.Target.Time(middleEpochNs));
  }

  @Benchmark
  @Fork(1)
  @Warmup(iterations = 3)
  @Measurement(iterations = 7)
  public Frame oneTickBackFromMiddleWarm(AtTheMiddle at) throws InterruptedException {
    return show(new JournalPlayer.Target.Tick(middleTick - 1));
  }
}
