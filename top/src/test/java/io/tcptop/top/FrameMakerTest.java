package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.TcpState;
import io.tcptop.journal.JournalSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a frame holds: every open connection at the tick, its totals and its recent past. */
class FrameMakerTest {

  @Test
  void everyOpenConnectionIsARowAndIdleOnesHaveZeroRates() {
    List<Frame> tcp = FixtureFrames.of("tcp-v4");
    Frame last = tcp.get(3);
    assertEquals(2, last.rows().size(), "curl (TIME_WAIT) and postgres stay open, idle");
    for (Row r : last.rows()) {
      assertEquals(0, r.line().rateIn());
      assertEquals(0, r.line().rateOut());
      assertTrue(r.line().bytesIn() > 0);
    }
    assertEquals(0, last.totals().rateIn());
    assertEquals(2, last.totals().connections());
  }

  @Test
  void aConnectionThatClosesIsInTheFrameOfItsTickOnceMoreMarkedClosed() {
    List<Frame> tcp = FixtureFrames.of("tcp-v4");
    assertTrue(tcp.get(2).rows().stream().anyMatch(r -> r.line().flow().comm().equals("nginx") && r.line().closed()));
    assertTrue(tcp.get(3).rows().stream().noneMatch(r -> r.line().flow().comm().equals("nginx")));
  }

  @Test
  void totalsCountEventsAndLossesPerTickAndInAll() {
    List<Frame> loss = FixtureFrames.of("loss");
    Totals first = loss.get(0).totals();
    assertEquals(1234, first.lost());
    assertEquals(1234, first.tickLost());
    assertEquals(io.tcptop.event.LossCause.RING_BUFFER_FULL, first.lastLossCause());
    Totals second = loss.get(1).totals();
    assertEquals(1234, second.lost());
    assertEquals(0, second.tickLost(), "a loss is counted in the tick that reported it");
    long events = 0;
    for (Frame f : loss) {
      events += f.totals().tickEvents();
      assertEquals(events, f.totals().events());
    }
  }

  @Test
  void stateChangesKeepTheirEventTimes() {
    Frame f = FixtureFrames.of("tcp-v4").get(2);
    Row nginx = f.rows().stream().filter(r -> r.line().flow().comm().equals("nginx")).findFirst().orElseThrow();
    List<TcpState> states = nginx.history().states().last(10).stream().map(StateStep::state).toList();
    assertEquals(List.of(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.CLOSE), states);
  }

  @Test
  void ticksNotWantedMakeNoFrameButTheOnesWantedAreTheSame() {
    List<Frame> all = FixtureFrames.of("many-connections");
    List<Frame> odd = new ArrayList<>();
    FrameMaker maker = new FrameMaker(new FrameSink() {
      @Override
      public boolean wants(long index, long epochNs) {
        return index % 2 == 1;
      }

      @Override
      public void frame(Frame frame) {
        odd.add(frame);
      }
    });
    try (JournalSource s = JournalSource.open(FixtureFrames.FIXTURES.resolve("many-connections"))) {
      s.forEach(maker);
    }
    maker.finish();
    assertEquals(all.size() / 2, odd.size());
    for (Frame f : odd) {
      JournalPlayerTest.assertSameFrame(all.get((int) f.index()), f);
      for (Row r : f.rows()) {
        Row same = all.get((int) f.index()).rows().stream().filter(x -> x.line().connection() == r.line().connection()).findFirst().orElseThrow();
        assertArrayEquals(same.history().ratesIn(f.index(), 60), r.history().ratesIn(f.index(), 60), "the past is kept on skipped ticks too");
      }
    }
  }

  @Test
  void aHistoryOnceHandedOutNeverChanges() {
    Flow flow = new Flow(0, 1, 1, Proto.TCP, 4, "10.0.0.1", 1, "10.0.0.2", 2, 3, "x");
    Trail trail = new Trail(0, 0, 60);
    List<History> views = new ArrayList<>();
    List<double[]> seen = new ArrayList<>();
    for (int tick = 0; tick < 500; tick++) {
      if (tick % 3 != 0) {
        trail.add(tick, new ConnectionLine(0, 0, 0, flow, TcpState.ESTABLISHED, 0, 0, 0, 0, tick * 10.0, 1, tick, false, false));
      }
      History h = trail.view(null);
      views.add(h);
      seen.add(h.ratesIn(tick, 60));
    }
    for (int tick = 0; tick < 500; tick++) {
      assertArrayEquals(seen.get(tick), views.get(tick).ratesIn(tick, 60), "view of tick " + tick);
      double[] last = seen.get(tick);
      assertEquals(tick % 3 == 0 ? 0 : tick * 10.0, last[59], 1e-3);
      if (tick >= 60) {
        for (int i = 0; i < 60; i++) {
          long t = tick - 59 + i;
          assertEquals(t % 3 == 0 ? 0 : t * 10.0, last[i], 1e-3, "a full minute is kept, tick " + t);
        }
      }
    }
  }
}
