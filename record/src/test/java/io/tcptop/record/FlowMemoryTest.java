package io.tcptop.record;

import static io.tcptop.bpf.KernelRecord.REASON_FIRST;
import static io.tcptop.bpf.KernelRecord.REASON_PEER_CHANGED;
import static io.tcptop.bpf.KernelRecord.REASON_UNCONNECTED;
import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelRecords;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.event.TcpState;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An always-on recorder holds what is open, not what ever was: forgotten flows, recycled ids. */
class FlowMemoryTest {
  static final long S = 1_000_000_000L;
  static final long IDLE = 5 * S;

  static byte[] unconnected(long cookie, String peer, int port, long ts) {
    return KernelRecords.dataSocket().udp().cookie(cookie).at(ts).local("10.0.0.1", 5000).remote(peer, port)
        .pid(7).comm("dns").reason(REASON_FIRST | REASON_UNCONNECTED).send(40).bytes();
  }

  @Test
  void anUnconnectedSocketsIdlePeersAreForgottenAndATalkingPeerIsANewFlow() {
    Decoding d = new Decoding();
    Flow a = (Flow) d.feed(unconnected(9, "10.0.0.2", 53, 1 * S)).get(0);
    Flow b = (Flow) d.feed(unconnected(9, "10.0.0.3", 53, 4 * S)).get(0);
    assertEquals(2, d.flows.knownFlows());
    Collect gone = new Collect();
    d.flows.forgetIdlePeers(7 * S, IDLE, gone);
    assertEquals(List.of(new FlowGone(7 * S, a.id())), gone.events, "only the peer idle for 5 s");
    assertEquals(1, d.flows.knownFlows());
    List<Event> again = d.feed(unconnected(9, "10.0.0.2", 53, 8 * S));
    Flow a2 = (Flow) again.get(0);
    assertNotEquals(a.id(), a2.id(), "a peer that talks again after expiry is a new flow");
    assertEquals("10.0.0.2", a2.remoteAddr());
    assertEquals(0, d.decodeErrors());
  }

  @Test
  void aConnectedSocketKeepsItsFlowHoweverLongItIsIdle() {
    Decoding d = new Decoding();
    d.feed(KernelRecords.dataSocket().udp().cookie(3).at(S).local("10.0.0.1", 6000).remote("10.0.0.9", 123)
        .pid(8).comm("ntp").reason(REASON_FIRST).send(48).bytes());
    Collect gone = new Collect();
    d.flows.forgetIdlePeers(100 * S, IDLE, gone);
    assertEquals(List.of(), gone.events, "its records name no peer: the socket's facts must stay");
    assertEquals(1, d.feed(KernelRecords.data().udp().cookie(3).at(101 * S).pid(8).send(48).bytes()).size());
    assertEquals(0, d.decodeErrors());
  }

  @Test
  void flowIdsWrapAroundAndSkipTheIdsInUse() {
    FlowRegistry flows = new FlowRegistry(5);
    Collect out = new Collect();
    byte[] addr = new byte[16];
    for (int i = 1; i <= 5; i++) {
      addr[3] = (byte) i;
      flows.describe(i, i, io.tcptop.event.Proto.TCP, 4, addr, 1000 + i, addr, 80, 1, "x", false, out);
    }
    flows.forget(2, 10, out);
    flows.forget(4, 11, out);
    Set<Integer> ids = new HashSet<>();
    for (int i = 6; i <= 7; i++) {
      addr[3] = (byte) i;
      ids.add(flows.describe(i, i, io.tcptop.event.Proto.TCP, 4, addr, 1000 + i, addr, 80, 1, "x", false, out).id());
    }
    assertEquals(Set.of(2, 4), ids, "the freed ids, never one in use");
  }

  @Test
  void manyShortConnectionsAndPeersLeaveTheRegistryAsSmallAsWhatIsOpen() {
    Decoding d = new Decoding();
    long ts = S;
    int maxKnown = 0;
    for (int i = 0; i < 100_000; i++) {
      ts += 10_000; // 100 k connections a second
      long cookie = 100 + i;
      d.feed(KernelRecords.dataSocket().cookie(cookie).at(ts).local("10.0.0.1", 10_000 + i % 50_000)
              .remote("10.0.0.2", 443).pid(11).comm("client").reason(REASON_FIRST).send(100).bytes(),
          KernelRecords.state().cookie(cookie).at(ts + 1).local("10.0.0.1", 10_000 + i % 50_000).remote("10.0.0.2", 443)
              .change(TcpState.LAST_ACK, TcpState.CLOSE).counters(101, 1).bytes(),
          unconnected(7, "10.1." + (i >> 8 & 0xff) + "." + (i & 0xff), 53, ts + 2));
      if (i % 20_000 == 0) {
        d.flows.forgetIdlePeers(ts, IDLE, EventHandler.DISCARD);
        maxKnown = Math.max(maxKnown, d.flows.knownFlows());
      }
      if (i % 1000 == 999) {
        d.clear();
      }
    }
    d.flows.forgetIdlePeers(ts + 2 * IDLE, IDLE, EventHandler.DISCARD);
    assertEquals(0, d.flows.knownFlows(), "nothing is open: nothing is held");
    assertTrue(maxKnown <= 65_536 + 10, "at most the peers of the last 5 s (65,536 distinct here): " + maxKnown);
    assertEquals(0, d.decodeErrors());
  }

  static final class Collect implements EventHandler {
    final List<Event> events = new java.util.ArrayList<>();

    @Override
    public void onTraffic(long tsNs, Flow flow, io.tcptop.event.Direction direction, int bytes) {}

    @Override
    public void onEvent(Event event) {
      events.add(event);
    }
  }
}
