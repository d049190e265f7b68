package io.tcptop.record;

import static io.tcptop.bpf.KernelRecord.REASON_FIRST;
import static io.tcptop.event.Direction.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tcptop.bpf.KernelRecords;
import io.tcptop.event.Event;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import io.tcptop.event.Traffic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sockets that existed before recording (SEED, from /proc, which shows no cookie) are matched
 * by their tuple when the kernel first reports them, and keep the number and owner /proc gave.
 */
class SeedMatchingTest {

  /** Seeds the server side of 10.0.0.2:443 > 10.0.0.9:51000, owned by nginx, as flow 1. */
  static Flow seedServer(Decoding d) {
    return d.flows.seed(100, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 77, "nginx");
  }

  static KernelRecords.Builder serverState(long cookie, long ts, TcpState oldState, TcpState newState) {
    return KernelRecords.state().cookie(cookie).at(ts).local("10.0.0.2", 443).remote("10.0.0.9", 51000)
        .change(oldState, newState);
  }

  static Flow firstFlowIn(List<Event> events) {
    return (Flow) events.get(0);
  }

  @Test
  void aSeededSocketFirstSeenFromSoftirqKeepsTheSeedsIdAndOwner() {
    Decoding d = new Decoding();
    assertEquals(new Flow(100, 1, 0, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 77, "nginx"), seedServer(d));
    Flow matched = new Flow(1_000, 1, 31, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 77, "nginx");

    assertEquals(List.of(matched, new StateChange(1_000, matched, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, 10, 21, 0)),
        d.feed(serverState(31, 1_000, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).counters(10, 21).bytes()));
  }

  @Test
  void aSeededSocketFirstSeenInDataKeepsTheSeedsIdUnderTheProcessThatMovedTheBytes() {
    Decoding d = new Decoding();
    seedServer(d);
    Flow matched = new Flow(1_000, 1, 31, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 78, "nginx-worker");

    assertEquals(List.of(matched, new Traffic(1_000, matched, SEND, 5)), d.feed(KernelRecords.dataSocket().cookie(31)
        .at(1_000).local("10.0.0.2", 443).remote("10.0.0.9", 51000).pid(78).comm("nginx-worker")
        .reason(REASON_FIRST).send(5).bytes()));
  }

  @Test
  void flowsNewToTheRecordingAreNumberedAfterTheSeeds() {
    Decoding d = new Decoding();
    seedServer(d);
    assertEquals(2, d.flows.seed(100, Proto.UDP, 4, "0.0.0.0", 53, "0.0.0.0", 0, 80, "dns").id());

    assertEquals(3, firstFlowIn(d.feed(KernelRecords.state().cookie(40).local("10.0.0.1", 40000)
        .remote("10.0.0.2", 80).change(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())).id());
    assertEquals(1, firstFlowIn(d.feed(serverState(31, 1_000, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())).id());
    assertEquals(4, firstFlowIn(d.feed(KernelRecords.state().cookie(41).local("10.0.0.1", 40001)
        .remote("10.0.0.2", 80).change(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())).id(), "matching spends no number");
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
      Flow flow = firstFlowIn(d.feed(record.cookie(cookie++).bytes()));
      assertNotEquals(1, flow.id(), "not the seed: " + flow);
      assertNotEquals(77, flow.pid(), "not the seed's owner: " + flow);
    }

    assertEquals(new Flow(0, 1, 60, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 77, "nginx"),
        firstFlowIn(d.feed(serverState(60, 0, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())));
  }

  @Test
  void aSeedIsMatchedOnlyOnceSoAReusedTupleIsANewFlow() {
    Decoding d = new Decoding();
    seedServer(d);
    d.feed(serverState(31, 1_000, TcpState.CLOSE_WAIT, TcpState.LAST_ACK).bytes(),
        serverState(31, 2_000, TcpState.LAST_ACK, TcpState.CLOSE).bytes());

    assertEquals(new Flow(3_000, 2, 32, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, 0, ""),
        firstFlowIn(d.feed(serverState(32, 3_000, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())));
  }

  @Test
  void aSeedOfADualStackSocketMatchesItsV4MappedAddresses() {
    Decoding d = new Decoding();
    // /proc/net/tcp6 gives these addresses; ProcSockets writes them as below.
    d.flows.seed(100, Proto.TCP, 6, "::ffff:127.0.0.1", 8080, "::ffff:127.0.0.1", 41000, 90, "java");
    d.flows.seed(100, Proto.TCP, 6, "2001:db8::1", 8080, "2001:db8::2", 41000, 91, "envoy");

    assertEquals(new Flow(1_000, 1, 70, Proto.TCP, 6, "::ffff:127.0.0.1", 8080, "::ffff:127.0.0.1", 41000, 90, "java"),
        firstFlowIn(d.feed(KernelRecords.state().cookie(70).at(1_000).local("::ffff:127.0.0.1", 8080)
            .remote("::ffff:127.0.0.1", 41000).change(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())));
    assertEquals(new Flow(1_000, 2, 71, Proto.TCP, 6, "2001:db8::1", 8080, "2001:db8::2", 41000, 91, "envoy"),
        firstFlowIn(d.feed(KernelRecords.state().cookie(71).at(1_000).local("2001:db8:0:0:0:0:0:1", 8080)
            .remote("2001:0db8::0002", 41000).change(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).bytes())));
  }
}
