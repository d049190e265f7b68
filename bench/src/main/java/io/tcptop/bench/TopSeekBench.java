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
 * {@code tcptop top JOURNAL} over a 10 M-event journal (1,000 connections all active, 1,000 s):
 * the time from opening the journal to the first tick's frame, and from a request to the frame of
 * the tick in the middle of the recording, which needs every event before it read again (the
 * player makes no frames on the way). Single shots in fresh JVMs (each fork is one cold start of
 * the player, as a user meets it) and warm (after a few of the same in one JVM). The journal is
 * written once under bench/target and reused.
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

  long middleEpochNs;
  /** Where the last ticks begin, as tcptop top computes it. */
  long endHintEpochNs;

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

  private Frame show(JournalPlayer.Target target) throws InterruptedException {
    BlockingQueue<JournalPlayer.Reply> replies = new LinkedBlockingQueue<>();
    try (JournalPlayer player = new JournalPlayer(() -> JournalSource.open(JOURNAL), FlowFilter.Spec.ALL, replies::add,
        endHintEpochNs)) {
      player.request(target);
      JournalPlayer.Reply r = replies.poll(60, TimeUnit.SECONDS);
      if (!(r instanceof JournalPlayer.Reply.Shown s)) {
        throw new IllegalStateException("no frame: " + r);
      }
      return s.frame();
    }
  }

  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public Frame firstFrameCold() throws InterruptedException {
    return show(new JournalPlayer.Target.Tick(0));
  }

  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public Frame middleCold() throws InterruptedException {
    return show(new JournalPlayer.Target.Time(middleEpochNs));
  }

  @Benchmark
  @Fork(1)
  @Warmup(iterations = 3)
  @Measurement(iterations = 7)
  public Frame middleWarm() throws InterruptedException {
    return show(new JournalPlayer.Target.Time(middleEpochNs));
  }
}
