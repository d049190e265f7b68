package io.tcptop.record;

import static io.tcptop.bpf.KernelRecord.REASON_FIRST;
import static io.tcptop.event.Direction.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tcptop.bpf.KernelRecords;
import io.tcptop.event.Event;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.Seed;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import io.tcptop.event.Traffic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TCP connections that /proc listed at start (it shows no cookie) are matched by their tuple
 * when the kernel first reports them. One whose first record does not show it opening began
 * before the probes: it is described with the owner /proc gave (when the record has none) and
 * marked with a SEED at that moment. One the probes saw open is not. Nothing is emitted for
 * connections that never show up.
 */
class SeedMatchingTest {

  /** Lists the server side of 10.0.0.2:443 > 10.0.0.9:51000, owned by nginx, as established. */
  static void seedServer(Decoding d) {
    d.flows.seed("10.0.0.2", 443, "10.0.0.9", 51000, TcpState.ESTABLISHED, 77, "nginx");
  }

  static KernelRecords.Builder serverState(long cookie, long ts, TcpState oldState, TcpState newState) {
    return KernelRecords.state().cookie(cookie).at(ts).local("10.0.0.2", 443).remote("10.0.0.9", 51000)
        .change(oldState, newState);
  }

  static Flow firstFlowIn(List<Event> events) {
    return (Flow) events.get(0);
  }

  static boolean hasSeed(List<Event> events) {
    return events.stream().anyMatch(Seed.class::isInstance);
  }

  @Test
  void aSeededSocketFirstSeenFromSoftirqKeepsTheSeedsOwnerAndIsMarkedPreExistingWhenItShowsUp() {
    Decoding d = new Decoding();
    seedServer(d);
    Flow matched = new Flow(1_000, 1, 31, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 77, "nginx");

    assertEquals(List.of(matched, new Seed(1_000, matched, TcpState.ESTABLISHED),
            new StateChange(1_000, matched, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, 10, 21, 0)),
        d.feed(serverState(31, 1_000, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).counters(10, 21).bytes()));
  }

  @Test
  void aSeededSocketFirstSeenInDataIsOwnedByTheProcessThatMovedTheBytes() {
    Decoding d = new Decoding();
    seedServer(d);
    Flow matched = new Flow(1_000, 1, 31, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 78, "nginx-worker");

    assertEquals(List.of(matched, new Seed(1_000, matched, TcpState.ESTABLISHED), new Traffic(1_000, matched, SEND, 5)),
        d.feed(KernelRecords.dataSocket().cookie(31).at(1_000).local("10.0.0.2", 443).remote("10.0.0.9", 51000)
            .pid(78).comm("nginx-worker").reason(REASON_FIRST).send(5).bytes()));
  }

  @Test
  void seedsEmitNothingAndSpendNoFlowNumberUntilTheyShowUp() {
    Decoding d = new Decoding();
    seedServer(d);
    d.flows.seed("10.0.0.2", 5432, "10.0.0.7", 40000, TcpState.ESTABLISHED, 80, "postgres");
    assertEquals(List.of(), d.feed(), "nothing before the kernel reports anything");

    assertEquals(1, firstFlowIn(d.feed(KernelRecords.state().cookie(40).local("10.0.0.1", 40000)
        .remote("10.0.0.2", 80).change(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())).id());
    assertEquals(2, firstFlowIn(d.feed(serverState(31, 1_000, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())).id());
    assertEquals(3, firstFlowIn(d.feed(KernelRecords.state().cookie(41).local("10.0.0.1", 40001)
        .remote("10.0.0.2", 80).change(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())).id());
    assertEquals(1, d.flows.unmatchedSeeds(), "postgres never showed up: still listed, never emitted");
  }

  @Test
  void aSeedIsMatchedByItsWholeTupleAndProtocol() {
    Decoding d = new Decoding();
    seedServer(d);
    List<KernelRecords.Builder> almost = List.of(
        KernelRecords.state().local("10.0.0.3", 443).remote("10.0.0.9", 51000),
        KernelRecords.state().local("10.0.0.2", 444).remote("10.0.0.9", 51000),
        KernelRecords.state().local("10.0.0.2", 443).remote("10.0.0.8", 51000),
        KernelRecords.state().local("10.0.0.2", 443).remote("10.0.0.9", 51001),
        KernelRecords.state().local("10.0.0.9", 51000).remote("10.0.0.2", 443),
        KernelRecords.dataSocket().udp().local("10.0.0.2", 443).remote("10.0.0.9", 51000).pid(5).send(1));
    int cookie = 50;
    for (KernelRecords.Builder record : almost) {
      List<Event> events = d.feed(record.cookie(cookie++).bytes());
      Flow flow = firstFlowIn(events);
      assertFalse(hasSeed(events), () -> "not the seed: " + events);
      assertNotEquals(77, flow.pid(), "not the seed's owner: " + flow);
    }

    Flow matched = new Flow(0, 7, 60, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 77, "nginx");
    assertEquals(List.of(matched, new Seed(0, matched, TcpState.ESTABLISHED),
            new StateChange(0, matched, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, 0, 0, 0)),
        d.feed(serverState(60, 0, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes()));
  }

  @Test
  void aSeedIsMatchedOnlyOnceSoAReusedTupleIsANewFlow() {
    Decoding d = new Decoding();
    seedServer(d);
    d.feed(serverState(31, 1_000, TcpState.CLOSE_WAIT, TcpState.LAST_ACK).bytes(),
        serverState(31, 2_000, TcpState.LAST_ACK, TcpState.CLOSE).bytes());

    List<Event> events = d.feed(serverState(32, 3_000, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes());
    assertEquals(new Flow(3_000, 2, 32, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 0, ""), firstFlowIn(events));
    assertFalse(hasSeed(events), events::toString);
  }

  @Test
  void aSeedOfADualStackSocketMatchesItsV4MappedAddresses() {
    Decoding d = new Decoding();
    // /proc/net/tcp6 gives these addresses; ProcSockets writes them as below.
    d.flows.seed("::ffff:127.0.0.1", 8080, "::ffff:127.0.0.1", 41000, TcpState.ESTABLISHED, 90, "java");
    d.flows.seed("2001:db8::1", 8080, "2001:db8::2", 41000, TcpState.ESTABLISHED, 91, "envoy");

    assertEquals(new Flow(1_000, 1, 70, Proto.TCP, 6, "::ffff:127.0.0.1", 8080, "::ffff:127.0.0.1", 41000, 90, "java"),
        firstFlowIn(d.feed(KernelRecords.state().cookie(70).at(1_000).local("::ffff:127.0.0.1", 8080)
            .remote("::ffff:127.0.0.1", 41000).change(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())));
    assertEquals(new Flow(1_000, 2, 71, Proto.TCP, 6, "2001:db8::1", 8080, "2001:db8::2", 41000, 91, "envoy"),
        firstFlowIn(d.feed(KernelRecords.state().cookie(71).at(1_000).local("2001:db8:0:0:0:0:0:1", 8080)
            .remote("2001:0db8::0002", 41000).change(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())));
    assertEquals(0, d.flows.unmatchedSeeds());
  }

  /** A socket accepted between the probes' attach and the /proc scan: listed, but seen born. */
  @Test
  void anAcceptedSocketSeenBornIsNotPreExistingThoughProcListedIt() {
    Decoding d = new Decoding();
    seedServer(d);
    Flow born = new Flow(1_000, 1, 31, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 77, "nginx");

    assertEquals(List.of(born, new StateChange(1_000, born, TcpState.LISTEN, TcpState.SYN_RECV, 0, 0, 0)),
        d.feed(serverState(31, 1_000, TcpState.LISTEN, TcpState.SYN_RECV).bytes()),
        "no SEED; the owner /proc gave still names the softirq record");
    assertEquals(0, d.flows.unmatchedSeeds());
  }

  /** A client that connected between the probes' attach and the /proc scan. */
  @Test
  void aConnectSeenFromItsStartIsNotPreExistingAndTakesTheListedOwnerOnceItsPortIsKnown() {
    Decoding d = new Decoding();
    d.flows.seed("10.0.0.1", 40001, "10.0.0.2", 443, TcpState.SYN_SENT, 400, "curl");
    var connecting = KernelRecords.state().cookie(11).local("10.0.0.1", 0).remote("10.0.0.2", 443);
    Flow noPort = new Flow(1_000, 1, 11, Proto.TCP, 4, "10.0.0.1", 0, "10.0.0.2", 443, 0, "");
    Flow withPort = new Flow(2_000, 1, 11, Proto.TCP, 4, "10.0.0.1", 40001, "10.0.0.2", 443, 400, "curl");

    assertEquals(List.of(noPort, new StateChange(1_000, noPort, TcpState.CLOSE, TcpState.SYN_SENT, 0, 0, 0)),
        d.feed(connecting.at(1_000).change(TcpState.CLOSE, TcpState.SYN_SENT).bytes()));
    assertEquals(List.of(withPort, new StateChange(2_000, withPort, TcpState.SYN_SENT, TcpState.ESTABLISHED, 1, 1, 0)),
        d.feed(connecting.at(2_000).local("10.0.0.1", 40001).change(TcpState.SYN_SENT, TcpState.ESTABLISHED)
            .counters(1, 1).bytes()));
    assertEquals(0, d.flows.unmatchedSeeds(), "the listed entry was this very socket");
  }

  /** Connecting when recording began: the handshake ends under observation, before any byte moved. */
  @Test
  void aListedConnectThatCompletesDuringTheRecordingIsNotPreExisting() {
    Decoding d = new Decoding();
    d.flows.seed("10.0.0.1", 40001, "10.0.0.2", 443, TcpState.SYN_SENT, 400, "curl");
    Flow flow = new Flow(1_000, 1, 11, Proto.TCP, 4, "10.0.0.1", 40001, "10.0.0.2", 443, 400, "curl");

    assertEquals(List.of(flow, new StateChange(1_000, flow, TcpState.SYN_SENT, TcpState.ESTABLISHED, 1, 1, 0)),
        d.feed(KernelRecords.state().cookie(11).at(1_000).local("10.0.0.1", 40001).remote("10.0.0.2", 443)
            .change(TcpState.SYN_SENT, TcpState.ESTABLISHED).counters(1, 1).bytes()));
  }

  @Test
  void onlyHandshakeStepsCountAsOpening() {
    for (TcpState from : TcpState.values()) {
      for (TcpState to : TcpState.values()) {
        boolean handshake = (from == TcpState.CLOSE && to == TcpState.SYN_SENT)
            || (from == TcpState.LISTEN && to == TcpState.SYN_RECV)
            || ((from == TcpState.SYN_SENT || from == TcpState.SYN_RECV) && to == TcpState.ESTABLISHED);
        if (handshake) {
          assertEquals(true, KernelDecoder.opens(from, to), from + " -> " + to);
        } else if (to == TcpState.FIN_WAIT1 || to == TcpState.CLOSE_WAIT || to == TcpState.CLOSE
            || from == TcpState.ESTABLISHED) {
          assertEquals(false, KernelDecoder.opens(from, to), from + " -> " + to);
        }
      }
    }
  }
}
