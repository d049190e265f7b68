package io.tcptop.aggregate;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.event.*;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatorTest {
  static final long S = 1_000_000_000L;

  final List<List<ConnectionLine>> ticks = new ArrayList<>();
  final Aggregator agg = new Aggregator((ts, epoch, lines) -> ticks.add(lines));

  Flow tcp(int id, int pid, String comm) {
    return new Flow(0, id, id, Proto.TCP, 4, "127.0.0.1", 1000 + id, "127.0.0.1", 80, pid, comm);
  }

  Flow udp(int id) {
    return new Flow(0, id, id, Proto.UDP, 4, "127.0.0.1", 2000 + id, "127.0.0.1", 53, 9, "dig");
  }

  void start() {
    agg.accept(new SessionStart(0, "h", "k", "t", 1_000 * S, S, ""));
  }

  @Test
  void ratesComeFromTheTicksBytesAndLength() {
    start();
    Flow f = tcp(1, 5, "curl");
    agg.onTraffic(S / 2, f, Direction.RECV, 3000);
    agg.accept(new Tick(2 * S));
    ConnectionLine l = ticks.get(0).get(0);
    assertEquals(3000, l.bytesIn());
    assertEquals(1500.0, l.rateIn(), 1e-9);
    assertEquals(1_002 * S, l.epochNs());
    agg.onTraffic(2 * S + 1, f, Direction.SEND, 100);
    agg.accept(new Tick(3 * S));
    l = ticks.get(1).get(0);
    assertEquals(3000, l.bytesIn());
    assertEquals(100, l.bytesOut());
    assertEquals(0.0, l.rateIn());
    assertEquals(100.0, l.rateOut(), 1e-9);
  }

  @Test
  void openLinesShowEveryOpenConnectionIdleOnesWithZeroRatesAndClosedOnesOnceMore() {
    List<List<ConnectionLine>> open = new ArrayList<>();
    Aggregator[] self = new Aggregator[1];
    self[0] = new Aggregator((ts, epoch, lines) -> open.add(self[0].openLines()));
    self[0].accept(new SessionStart(0, "h", "k", "t", 0, S, ""));
    Flow busy = tcp(1, 5, "curl");
    Flow idle = tcp(2, 6, "ssh");
    self[0].onTraffic(1, busy, Direction.RECV, 100);
    self[0].onTraffic(2, idle, Direction.SEND, 7);
    self[0].accept(new Tick(S));
    self[0].onTraffic(S + 1, busy, Direction.RECV, 500);
    self[0].accept(new StateChange(S + 2, busy, TcpState.ESTABLISHED, TcpState.CLOSE, 0, 600, -1));
    self[0].accept(new Tick(2 * S));
    self[0].accept(new Tick(3 * S));
    List<ConnectionLine> second = open.get(1);
    assertEquals(2, second.size());
    ConnectionLine b = second.stream().filter(l -> l.flow().id() == 1).findFirst().orElseThrow();
    ConnectionLine i = second.stream().filter(l -> l.flow().id() == 2).findFirst().orElseThrow();
    assertTrue(b.closed());
    assertEquals(600, b.bytesIn());
    assertEquals(500.0, b.rateIn(), 1e-9);
    assertEquals(7, i.bytesOut(), "an idle connection keeps its totals");
    assertEquals(0.0, i.rateOut());
    assertEquals(1, open.get(2).size(), "the closed connection is gone a tick later");
  }

  @Test
  void closedTcpConnectionPrintsOneFinalLineAndIsForgotten() {
    start();
    Flow f = tcp(1, 5, "curl");
    agg.onTraffic(1, f, Direction.SEND, 10);
    agg.accept(new StateChange(2, f, TcpState.FIN_WAIT1, TcpState.CLOSE, 10, 0, 77));
    agg.accept(new Tick(S));
    assertTrue(ticks.get(0).get(0).closed());
    assertEquals(77, ticks.get(0).get(0).rttUs());
    assertEquals(0, agg.liveConnections());
    agg.accept(new Tick(2 * S));
    assertTrue(ticks.get(1).isEmpty());
  }

  @Test
  void udpFlowExpiresAfterFiveSecondsIdle() {
    start();
    Flow f = udp(1);
    agg.onTraffic(S / 10, f, Direction.SEND, 100);
    for (int t = 1; t <= 5; t++) {
      agg.accept(new Tick(t * S));
    }
    assertEquals(1, agg.liveConnections(), "idle 4.9 s: still there");
    agg.accept(new Tick(6 * S));
    assertEquals(0, agg.liveConnections(), "idle 5.9 s: expired");
    agg.onTraffic(6 * S + 1, f, Direction.SEND, 7);
    agg.accept(new Tick(7 * S));
    assertEquals(7, ticks.get(6).get(0).bytesOut(), "a flow that comes back counts from zero");
  }

  @Test
  void udpFlowIdleBetweenTwoWideTicksAlsoExpires() {
    start();
    Flow f = udp(1);
    agg.onTraffic(S, f, Direction.SEND, 100);
    agg.accept(new Tick(2 * S));
    agg.onTraffic(8 * S, f, Direction.SEND, 5);
    agg.accept(new Tick(10 * S));
    assertEquals(5, ticks.get(1).get(0).bytesOut());
  }

  @Test
  void tcpConnectionsDoNotExpireWhenIdle() {
    start();
    agg.onTraffic(1, tcp(1, 5, "x"), Direction.SEND, 1);
    agg.accept(new Tick(100 * S));
    assertEquals(1, agg.liveConnections());
  }

  @Test
  void stateChangeFromSoftirqKeepsTheOwningProcess() {
    start();
    Flow owned = tcp(1, 4242, "redis");
    agg.onTraffic(1, owned, Direction.RECV, 5);
    Flow softirq = owned.withOwner(2, 0, "");
    agg.accept(new StateChange(3, softirq, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, 0, 5, -1));
    agg.accept(new Tick(S));
    assertEquals(4242, ticks.get(0).get(0).flow().pid());
    assertEquals("redis", ticks.get(0).get(0).flow().comm());
  }

  @Test
  void connectionSeenFirstFromSoftirqTakesItsOwnerLater() {
    start();
    Flow softirq = tcp(1, 0, "");
    agg.accept(new StateChange(1, softirq, TcpState.SYN_RECV, TcpState.ESTABLISHED, 0, 0, -1));
    agg.accept(new Tick(S));
    assertEquals(0, ticks.get(0).get(0).flow().pid());
    agg.onTraffic(S + 1, softirq.withOwner(S, 77, "srv"), Direction.SEND, 1);
    agg.accept(new Tick(2 * S));
    assertEquals(77, ticks.get(1).get(0).flow().pid());
  }

  @Test
  void seededConnectionsArePartialOnEveryLine() {
    start();
    Flow f = tcp(1, 5, "sshd");
    agg.accept(new Seed(0, f, TcpState.ESTABLISHED));
    agg.onTraffic(1, f, Direction.SEND, 1);
    agg.accept(new Tick(S));
    agg.onTraffic(S + 1, f, Direction.SEND, 1);
    agg.accept(new Tick(2 * S));
    assertTrue(ticks.get(0).get(0).partial());
    assertTrue(ticks.get(1).get(0).partial());
    assertEquals(TcpState.ESTABLISHED, ticks.get(1).get(0).state());
  }

  @Test
  void aSeedAloneIsNoActivityAndMakesNoConnection() {
    List<ConnectionRecord> ended = new ArrayList<>();
    Aggregator a = new Aggregator((ts, epoch, lines) -> ticks.add(lines), ended::add);
    a.accept(new SessionStart(0, "h", "k", "t", 1_000 * S, S, ""));
    Flow idle = tcp(1, 5, "sshd");
    Flow busy = tcp(2, 6, "app");
    a.accept(new Seed(0, idle, TcpState.ESTABLISHED));
    a.accept(new Seed(0, busy, TcpState.ESTABLISHED));
    a.accept(new Tick(S));
    assertEquals(List.of(), ticks.get(0), "no line for seeds by themselves");
    assertEquals(0, a.connectionsSeen());

    a.accept(new StateChange(S + 7, busy, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, 0, 0, -1));
    a.accept(new Tick(2 * S));
    a.finish();
    assertEquals(List.of(2), ticks.get(1).stream().map(l -> l.flow().id()).toList());
    assertTrue(ticks.get(1).get(0).partial());
    assertEquals(TcpState.CLOSE_WAIT, ticks.get(1).get(0).state());
    assertEquals(1, a.connectionsSeen());
    assertEquals(List.of(2), ended.stream().map(c -> c.flow().id()).toList(), "the idle seed is no connection");
    assertEquals(S + 7, ended.get(0).firstSeenNs(), "first seen when it showed up");
    assertTrue(ended.get(0).partial());
  }

  @Test
  void busiestConnectionComesFirstAndTiesFollowFlowIds() {
    start();
    agg.onTraffic(1, tcp(3, 1, "a"), Direction.SEND, 10);
    agg.onTraffic(2, tcp(2, 1, "b"), Direction.SEND, 10);
    agg.onTraffic(3, tcp(1, 1, "c"), Direction.SEND, 999);
    agg.accept(new Tick(S));
    assertEquals(List.of(1, 2, 3), ticks.get(0).stream().map(l -> l.flow().id()).toList());
  }

  @Test
  void finishReportsActivityAfterTheLastTick() {
    start();
    agg.onTraffic(S / 2, tcp(1, 1, "a"), Direction.SEND, 10);
    agg.finish();
    assertEquals(1, ticks.size());
    assertEquals(10, ticks.get(0).get(0).bytesOut());
  }

  @Test
  void memoryFollowsLiveConnectionsNotEvents() {
    start();
    for (int i = 1; i <= 10_000; i++) {
      Flow f = tcp(i, 1, "a");
      agg.onTraffic(i, f, Direction.SEND, 1);
      agg.accept(new StateChange(i, f, TcpState.ESTABLISHED, TcpState.CLOSE, 0, 0, -1));
      if (i % 100 == 0) {
        agg.accept(new Tick(i));
      }
    }
    assertEquals(0, agg.liveConnections());
    assertEquals(10_000, agg.connectionsSeen());
  }
}
