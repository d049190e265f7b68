package io.tcptop.record;

import static io.tcptop.bpf.KernelRecord.REASON_FIRST;
import static io.tcptop.bpf.KernelRecord.REASON_PEER_CHANGED;
import static io.tcptop.bpf.KernelRecord.REASON_PID_CHANGED;
import static io.tcptop.event.Direction.RECV;
import static io.tcptop.event.Direction.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.bpf.KernelRecords;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.event.Proto;
import io.tcptop.event.Traffic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who a UDP socket's datagrams belong to: an unconnected socket is one flow per peer, and the
 * kernel's compact records go to the peer its latest facts named.
 */
class UdpAttributionTest {
  static final long COOKIE = 21;

  /** A DATA_SOCKET of the socket 10.0.0.1:5000 talking to {@code peer}:53. */
  static KernelRecords.Builder to(String peer, long ts, int pid, String comm, int reason) {
    return KernelRecords.dataSocket().udp().cookie(COOKIE).at(ts).local("10.0.0.1", 5000).remote(peer, 53)
        .pid(pid).comm(comm).reason(reason);
  }

  static Flow flow(int id, String peer, long ts, int pid, String comm) {
    return new Flow(ts, id, COOKIE, Proto.UDP, 4, "10.0.0.1", 5000, peer, 53, pid, comm);
  }

  static KernelRecords.Builder compact(long ts, int pid) {
    return KernelRecords.data().udp().cookie(COOKIE).at(ts).pid(pid);
  }

  @Test
  void oneUnconnectedSocketTalkingToTwoPeersIsTwoFlowsAndTrafficGoesToItsPeer() {
    Decoding d = new Decoding();
    Flow a = flow(1, "10.0.0.2", 1_000, 500, "resolver");
    Flow b = flow(2, "10.0.0.3", 2_000, 500, "resolver");

    assertEquals(List.of(a, new Traffic(1_000, a, SEND, 40), new Traffic(1_100, a, RECV, 120)), d.feed(
        to("10.0.0.2", 1_000, 500, "resolver", REASON_FIRST).send(40).bytes(),
        compact(1_100, 500).recv(120).bytes()));
    assertEquals(List.of(b, new Traffic(2_000, b, SEND, 41), new Traffic(2_100, b, RECV, 121)), d.feed(
        to("10.0.0.3", 2_000, 500, "resolver", REASON_PEER_CHANGED).send(41).bytes(),
        compact(2_100, 500).recv(121).bytes()));
    assertEquals(List.of(new Traffic(3_000, a, SEND, 42), new Traffic(3_100, a, RECV, 122)), d.feed(
        to("10.0.0.2", 3_000, 500, "resolver", REASON_PEER_CHANGED).send(42).bytes(),
        compact(3_100, 500).recv(122).bytes()), "back to the first peer: its flow, not described again");
    assertEquals(0, d.decodeErrors());
  }

  @Test
  void eachPeerFlowKeepsItsOwnOwner() {
    Decoding d = new Decoding();
    d.feed(to("10.0.0.2", 1_000, 500, "resolver", REASON_FIRST).send(1).bytes(),
        to("10.0.0.3", 2_000, 500, "resolver", REASON_PEER_CHANGED).send(1).bytes());
    Flow bByWorker = flow(2, "10.0.0.3", 3_000, 600, "worker");
    Flow a = flow(1, "10.0.0.2", 1_000, 500, "resolver");

    assertEquals(List.of(bByWorker, new Traffic(3_000, bByWorker, SEND, 9)),
        d.feed(to("10.0.0.3", 3_000, 600, "worker", REASON_PID_CHANGED).send(9).bytes()));
    assertEquals(List.of(new Traffic(4_000, a, SEND, 8)),
        d.feed(to("10.0.0.2", 4_000, 500, "resolver", REASON_PEER_CHANGED | REASON_PID_CHANGED).send(8).bytes()),
        "the first peer's flow is still the first process's");
  }

  @Test
  void releaseForgetsTheSocketAndOnlyThatSocket() {
    Decoding d = new Decoding();
    d.feed(to("10.0.0.2", 1_000, 500, "resolver", REASON_FIRST).send(1).bytes(),
        to("10.0.0.3", 2_000, 500, "resolver", REASON_PEER_CHANGED).send(1).bytes(),
        KernelRecords.dataSocket().udp().cookie(COOKIE + 1).at(2_500).local("10.0.0.1", 5001)
            .remote("10.0.0.2", 53).pid(500).comm("resolver").reason(REASON_FIRST).send(1).bytes());

    assertEquals(List.of(new FlowGone(3_000, 1), new FlowGone(3_000, 2)),
        d.feed(KernelRecords.release().cookie(COOKIE).at(3_000).bytes()), "both peers' flows are forgotten, and only those");
    assertEquals(List.of(), d.feed(compact(4_000, 500).send(2).bytes()));
    assertEquals(1, d.decodeErrors());
    Flow other = new Flow(2_500, 3, COOKIE + 1, Proto.UDP, 4, "10.0.0.1", 5001, "10.0.0.2", 53, 500, "resolver");
    assertEquals(List.of(new Traffic(5_000, other, SEND, 3)),
        d.feed(KernelRecords.data().udp().cookie(COOKIE + 1).at(5_000).pid(500).send(3).bytes()));
  }
}
