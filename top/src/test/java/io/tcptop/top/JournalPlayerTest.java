package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.event.TcpState;
import io.tcptop.fixtures.Scenario;
import io.tcptop.journal.JournalSource;
import io.tcptop.stream.FlowFilter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The player answers each request with the frame a straight reading makes for that tick. */
class JournalPlayerTest {
  static final Path MANY = FixtureFrames.FIXTURES.resolve("many-connections");
  static final List<Frame> ALL = FixtureFrames.of("many-connections");

  @TempDir Path tmp;
  final BlockingQueue<JournalPlayer.Reply> replies = new LinkedBlockingQueue<>();
  JournalPlayer player;

  JournalPlayer player(Path journal, FlowFilter.Spec filter, long endHint) {
    player = new JournalPlayer(() -> JournalSource.open(journal), filter, replies::add, endHint);
    return player;
  }

  @AfterEach
  void close() {
    if (player != null) {
      player.close();
    }
  }

  JournalPlayer.Reply ask(JournalPlayer.Target t) throws InterruptedException {
    long id = player.request(t);
    JournalPlayer.Reply r = replies.poll(30, TimeUnit.SECONDS);
    assertNotNull(r, "no answer to " + t);
    assertEquals(id, r.request());
    return r;
  }

  Frame shown(JournalPlayer.Target t) throws InterruptedException {
    JournalPlayer.Reply r = ask(t);
    return assertInstanceOf(JournalPlayer.Reply.Shown.class, r, () -> "for " + t + ": " + r).frame();
  }

  /** What a frame shows: its lines in connection order (histories are arrays, compared apart). */
  static List<ConnectionLine> lines(Frame f) {
    return f.rows().stream().map(Row::line).sorted(Comparator.comparingLong(ConnectionLine::connection)).toList();
  }

  static void assertSameFrame(Frame expected, Frame actual) {
    assertEquals(expected.index(), actual.index());
    assertEquals(expected.epochNs(), actual.epochNs());
    assertEquals(expected.totals(), actual.totals());
    assertEquals(lines(expected), lines(actual));
  }

  @Test
  void eachTickInTurnIsTheFrameAStraightReadingMakes() throws Exception {
    player(MANY, FlowFilter.Spec.ALL, Long.MIN_VALUE);
    for (Frame expected : ALL) {
      assertSameFrame(expected, shown(new JournalPlayer.Target.Tick(expected.index())));
    }
  }

  @Test
  void goingBackReadsAgainAndShowsTheSameNumbers() throws Exception {
    player(MANY, FlowFilter.Spec.ALL, Long.MIN_VALUE);
    for (int i : new int[] {9, 3, 4, 4, 17, 0, 20, 1}) {
      assertSameFrame(ALL.get(i), shown(new JournalPlayer.Target.Tick(i)));
    }
  }

  @Test
  void aTimeMeansTheFirstTickAtOrAfterIt() throws Exception {
    player(MANY, FlowFilter.Spec.ALL, Long.MIN_VALUE);
    long t6 = ALL.get(6).epochNs();
    assertSameFrame(ALL.get(6), shown(new JournalPlayer.Target.Time(t6)));
    assertSameFrame(ALL.get(6), shown(new JournalPlayer.Target.Time(t6 - 1))); // just before tick 6, asked again
    assertSameFrame(ALL.get(7), shown(new JournalPlayer.Target.Time(t6 + 1)));
    assertSameFrame(ALL.get(2), shown(new JournalPlayer.Target.Time(ALL.get(2).epochNs() - 400_000_000L)));
  }

  @Test
  void theLastTickIsFoundInOneReadingWithTheEndInSightAndInTwoWithout() throws Exception {
    Frame last = ALL.get(ALL.size() - 1);
    long end;
    try (JournalSource s = JournalSource.open(MANY)) {
      end = s.header().toEpochNs(s.lastTimestampNs());
    }
    player(MANY, FlowFilter.Spec.ALL, end - 2_000_000_000L);
    assertSameFrame(last, shown(new JournalPlayer.Target.Last()));
    assertSameFrame(last, shown(new JournalPlayer.Target.Last()));
    player.close();
    player(MANY, FlowFilter.Spec.ALL, Long.MAX_VALUE);
    assertSameFrame(last, shown(new JournalPlayer.Target.Last()));
  }

  @Test
  void pastTheLastTickTheAnswerIsTheEnd() throws Exception {
    player(MANY, FlowFilter.Spec.ALL, Long.MIN_VALUE);
    int n = ALL.size();
    shown(new JournalPlayer.Target.Tick(n - 1));
    var end = assertInstanceOf(JournalPlayer.Reply.AtEnd.class, ask(new JournalPlayer.Target.Tick(n)));
    assertEquals(n, end.ticks());
    assertNull(end.problem());
    assertInstanceOf(JournalPlayer.Reply.AtEnd.class, ask(new JournalPlayer.Target.Tick(n + 10)));
    assertSameFrame(ALL.get(n - 1), shown(new JournalPlayer.Target.Tick(n - 1)));
    assertSameFrame(ALL.get(3), shown(new JournalPlayer.Target.Tick(3)));
  }

  @Test
  void theFiltersOfReplayApply() throws Exception {
    player(MANY, new FlowFilter.Spec(null, "envoy", null, null), Long.MIN_VALUE);
    Frame f = shown(new JournalPlayer.Target.Tick(4));
    assertFalse(f.rows().isEmpty());
    assertTrue(f.rows().stream().allMatch(r -> r.line().flow().comm().equals("envoy")));
    assertEquals(FixtureFrames.of(MANY, new FlowFilter.Spec(null, "envoy", null, null)).get(4).totals(), f.totals());
  }

  @Test
  void aDamagedJournalPlaysPastTheDamageAndSaysWhatWasSkipped() throws Exception {
    Path dir = tmp.resolve("damaged");
    try (Scenario s = new Scenario(dir)) {
      var f = s.at(1).tcp("127.0.0.1", 1, "127.0.0.1", 2, 3, "x");
      s.state(f, TcpState.SYN_SENT, TcpState.ESTABLISHED, 0, 0, 10);
      for (int i = 0; i < 20_000; i++) {
        s.at(1 + i).send(f, 100);
      }
    }
    Path cq4;
    try (Stream<Path> s = Files.list(dir)) {
      cq4 = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(cq4.toFile(), "rw")) {
      f.seek(200_000);
      f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }
    List<Frame> straight = FixtureFrames.of(dir, FlowFilter.Spec.ALL);
    player(dir, FlowFilter.Spec.ALL, Long.MIN_VALUE);
    assertSameFrame(straight.get(0), shown(new JournalPlayer.Target.Tick(0)));

    // The last tick lies past the damage: the reading reports what it skipped, then shows it.
    long id = player.request(new JournalPlayer.Target.Last());
    var damaged = assertInstanceOf(JournalPlayer.Reply.Damaged.class, replies.poll(30, TimeUnit.SECONDS));
    assertEquals(id, damaged.request());
    assertEquals(1, damaged.outcome().damage().size(), damaged.outcome().toString());
    var part = damaged.outcome().damage().get(0);
    assertEquals(cq4, part.file());
    assertTrue(part.offset() <= 200_000 && part.offset() > 100_000, "damage at " + part.offset());
    var last = assertInstanceOf(JournalPlayer.Reply.Shown.class, replies.poll(30, TimeUnit.SECONDS));
    assertSameFrame(straight.get(straight.size() - 1), last.frame());
    // Twenty seconds of sends, damaged about halfway: the ticks of the last seconds are played too.
    long span = last.frame().epochNs() - straight.get(0).epochNs();
    assertTrue(span >= 18_000_000_000L, "the last tick shown is " + span + " ns after the first");
  }

  @Test
  void closingStopsAPlayerWaitingInATick() throws Exception {
    player(MANY, FlowFilter.Spec.ALL, Long.MIN_VALUE);
    shown(new JournalPlayer.Target.Tick(2));
    long start = System.nanoTime();
    player.close();
    assertTrue(System.nanoTime() - start < 2_000_000_000L);
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("tcptop-player") && t.isAlive()));
    player = null;
  }
}
