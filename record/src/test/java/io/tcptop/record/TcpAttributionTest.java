package io.tcptop.record;

import static io.tcptop.bpf.KernelRecord.REASON_FIRST;
import static io.tcptop.bpf.KernelRecord.REASON_PID_CHANGED;
import static io.tcptop.event.Direction.RECV;
import static io.tcptop.event.Direction.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.bpf.KernelRecords;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.event.Proto;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import io.tcptop.event.Traffic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who a TCP socket's bytes belong to, decoded from hand-built kernel records: one flow per
 * socket, described when first seen and again (same id) when its owner or tuple changes.
 */
class TcpAttributionTest {
  static final long COOKIE = 7;

  /** A DATA_SOCKET of the client socket 10.0.0.1:40000 > 10.0.0.2:443. */
  static KernelRecords.Builder client(long ts, int pid, String comm) {
    return KernelRecords.dataSocket().cookie(COOKIE).at(ts).local("10.0.0.1", 40000).remote("10.0.0.2", 443)
        .pid(pid).comm(comm).reason(REASON_FIRST);
  }

  static Flow clientFlow(long ts, int pid, String comm) {
    return new Flow(ts, 1, COOKIE, Proto.TCP, 4, "10.0.0.1", 40000, "10.0.0.2", 443, pid, comm);
  }

  static KernelRecords.Builder compact(long ts) {
    return KernelRecords.data().cookie(COOKIE).at(ts);
  }

  @Test
  void firstDataSocketDescribesTheFlowAndCompactDataIsAttributedToIt() {
    Decoding d = new Decoding();
    Flow flow = clientFlow(1_000, 100, "curl");

    List<?> events = d.feed(
        client(1_000, 100, "curl").tid(101).send(512).bytes(),
        compact(2_000).pid(100).tid(101).recv(4096).bytes(),
        compact(3_000).pid(100).tid(102).send(1).bytes());

    assertEquals(List.of(flow, new Traffic(1_000, flow, SEND, 512), new Traffic(2_000, flow, RECV, 4096),
        new Traffic(3_000, flow, SEND, 1)), events);
    assertEquals(0, d.decodeErrors());
  }

  @Test
  void factsSentAgainUnchangedDoNotRedescribeTheFlow() {
    Decoding d = new Decoding();
    d.feed(client(1_000, 100, "curl").send(1).bytes());

    // The kernel resends facts when its per-socket state was evicted; nothing changed for us.
    List<?> events = d.feed(client(2_000, 100, "curl").send(2).bytes());

    assertEquals(List.of(new Traffic(2_000, clientFlow(1_000, 100, "curl"), SEND, 2)), events);
  }

  @Test
  void compactDataForAnUnknownSocketIsADecodeErrorNotAttributed() {
    Decoding d = new Decoding();
    d.feed(client(1_000, 100, "curl").send(1).bytes());

    assertEquals(List.of(), d.feed(KernelRecords.data().cookie(COOKIE + 1).at(2_000).pid(100).send(99).bytes()));
    assertEquals(1, d.decodeErrors());
    assertEquals(List.of(new Traffic(3_000, clientFlow(1_000, 100, "curl"), SEND, 5)),
        d.feed(compact(3_000).pid(100).send(5).bytes()), "the known socket keeps its own flow");
  }

  @Test
  void anotherProcessOnTheSocketRedescribesTheSameFlowWithTheNewOwner() {
    Decoding d = new Decoding();
    d.feed(client(1_000, 100, "parent").send(1).bytes());
    Flow child = clientFlow(5_000, 200, "child");
    Flow parentAgain = clientFlow(7_000, 100, "parent");

    assertEquals(List.of(child, new Traffic(5_000, child, SEND, 10), new Traffic(6_000, child, RECV, 20)), d.feed(
        client(5_000, 200, "child").reason(REASON_PID_CHANGED).send(10).bytes(),
        compact(6_000).pid(200).recv(20).bytes()));
    assertEquals(List.of(parentAgain, new Traffic(7_000, parentAgain, SEND, 30)),
        d.feed(client(7_000, 100, "parent").reason(REASON_PID_CHANGED).send(30).bytes()));
  }

  @Test
  void aSocketFirstSeenFromSoftirqTakesItsOwnerFromItsFirstDataRecord() {
    Decoding d = new Decoding();
    var server = KernelRecords.state().cookie(9).at(1_000).local("10.0.0.2", 443).remote("10.0.0.1", 40000)
        .change(TcpState.SYN_RECV, TcpState.ESTABLISHED).counters(1, 1).srtt(50);
    Flow unowned = new Flow(1_000, 1, 9, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.1", 40000, 0, "");
    Flow owned = new Flow(2_000, 1, 9, Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.1", 40000, 300, "nginx");

    assertEquals(List.of(unowned, new StateChange(1_000, unowned, TcpState.SYN_RECV, TcpState.ESTABLISHED, 1, 1, 50)),
        d.feed(server.bytes()));
    assertEquals(List.of(owned, new Traffic(2_000, owned, RECV, 100)), d.feed(KernelRecords.dataSocket().cookie(9)
        .at(2_000).local("10.0.0.2", 443).remote("10.0.0.1", 40000).pid(300).comm("nginx").reason(REASON_FIRST)
        .recv(100).bytes()));
  }

  @Test
  void aStateChangeNeverReplacesAKnownOwnerWithPid0() {
    Decoding d = new Decoding();
    d.feed(client(1_000, 300, "curl").send(512).bytes());
    Flow owned = clientFlow(1_000, 300, "curl");

    assertEquals(List.of(new StateChange(3_000, owned, TcpState.ESTABLISHED, TcpState.FIN_WAIT1, 513, 4097, 60)),
        d.feed(KernelRecords.state().cookie(COOKIE).at(3_000).local("10.0.0.1", 40000).remote("10.0.0.2", 443)
            .change(TcpState.ESTABLISHED, TcpState.FIN_WAIT1).counters(513, 4097).srtt(60).bytes()));
    assertEquals(List.of(new Traffic(4_000, owned, RECV, 7)), d.feed(compact(4_000).pid(300).recv(7).bytes()),
        "a state other than CLOSE keeps the socket");
  }

  @Test
  void aStateChangeThatMovesTheTupleKeepsTheKnownOwner() {
    Decoding d = new Decoding();
    d.feed(client(1_000, 300, "curl").send(512).bytes());
    Flow moved = new Flow(2_000, 1, COOKIE, Proto.TCP, 4, "10.0.0.5", 40000, "10.0.0.2", 443, 300, "curl");

    List<?> events = d.feed(KernelRecords.state().cookie(COOKIE).at(2_000).local("10.0.0.5", 40000)
        .remote("10.0.0.2", 443).change(TcpState.ESTABLISHED, TcpState.FIN_WAIT1).bytes());

    assertEquals(List.of(moved, new StateChange(2_000, moved, TcpState.ESTABLISHED, TcpState.FIN_WAIT1, 0, 0, 0)),
        events);
  }

  @Test
  void theLocalPortPickedAfterTheFirstStateChangeRedescribesTheSameFlow() {
    Decoding d = new Decoding();
    // connect() enters SYN_SENT before it picks the local port.
    var connecting = KernelRecords.state().cookie(11).local("10.0.0.1", 0).remote("10.0.0.2", 443);
    Flow noPort = new Flow(1_000, 1, 11, Proto.TCP, 4, "10.0.0.1", 0, "10.0.0.2", 443, 0, "");
    Flow withPort = new Flow(2_000, 1, 11, Proto.TCP, 4, "10.0.0.1", 40001, "10.0.0.2", 443, 0, "");
    Flow owned = new Flow(3_000, 1, 11, Proto.TCP, 4, "10.0.0.1", 40001, "10.0.0.2", 443, 400, "curl");

    assertEquals(List.of(noPort, new StateChange(1_000, noPort, TcpState.CLOSE, TcpState.SYN_SENT, 0, 0, 0)),
        d.feed(connecting.at(1_000).change(TcpState.CLOSE, TcpState.SYN_SENT).bytes()));
    assertEquals(List.of(withPort, new StateChange(2_000, withPort, TcpState.SYN_SENT, TcpState.ESTABLISHED, 1, 1, 0)),
        d.feed(connecting.at(2_000).local("10.0.0.1", 40001).change(TcpState.SYN_SENT, TcpState.ESTABLISHED).counters(1, 1)
            .bytes()));
    assertEquals(List.of(owned, new Traffic(3_000, owned, SEND, 64)), d.feed(KernelRecords.dataSocket().cookie(11)
        .at(3_000).local("10.0.0.1", 40001).remote("10.0.0.2", 443).pid(400).comm("curl").reason(REASON_FIRST)
        .send(64).bytes()));
  }

  @Test
  void closeForgetsTheSocket() {
    Decoding d = new Decoding();
    d.feed(client(1_000, 100, "curl").send(1).bytes());
    Flow flow = clientFlow(1_000, 100, "curl");

    assertEquals(List.of(new StateChange(2_000, flow, TcpState.FIN_WAIT2, TcpState.CLOSE, 2, 2, 0),
        new FlowGone(2_000, flow.id())),
        d.feed(KernelRecords.state().cookie(COOKIE).at(2_000).local("10.0.0.1", 40000).remote("10.0.0.2", 443)
            .change(TcpState.FIN_WAIT2, TcpState.CLOSE).counters(2, 2).bytes()));
    assertEquals(null, d.flows.socket(COOKIE), "nothing kept for a closed socket but its facts");
  }

  @Test
  void bytesReadAfterTheCloseAreAFlowOfTheirOwnThatClosesAtOnce() {
    // A reset connection's receive queue is still read after the kernel closed it; those reads
    // come without the socket's facts, which the registry kept from the close.
    Decoding d = new Decoding();
    d.feed(client(1_000, 100, "curl").send(10).bytes());
    d.feed(KernelRecords.state().cookie(COOKIE).at(2_000).local("10.0.0.1", 40000).remote("10.0.0.2", 443)
        .change(TcpState.ESTABLISHED, TcpState.CLOSE).counters(10, 1000).bytes());

    Flow late = new Flow(3_000, 2, COOKIE, Proto.TCP, 4, "10.0.0.1", 40000, "10.0.0.2", 443, 100, "curl");
    assertEquals(List.of(late, new Traffic(3_000, late, RECV, 1000),
        new StateChange(3_000, late, TcpState.CLOSE, TcpState.CLOSE, 0, 0, 0), new FlowGone(3_000, late.id())),
        d.feed(compact(3_000).pid(100).recv(1000).bytes()));
    assertEquals(0, d.decodeErrors());

    // Read again, with the facts this time (another thread's process): the same, under its owner.
    Flow again = new Flow(4_000, 3, COOKIE, Proto.TCP, 4, "10.0.0.1", 40000, "10.0.0.2", 443, 200, "worker");
    assertEquals(List.of(again, new Traffic(4_000, again, RECV, 24),
        new StateChange(4_000, again, TcpState.CLOSE, TcpState.CLOSE, 0, 0, 0), new FlowGone(4_000, again.id())),
        d.feed(client(4_000, 200, "worker").recv(24).bytes()));
    assertEquals(0, d.decodeErrors());
    assertEquals(null, d.flows.socket(COOKIE));
  }

  @Test
  void compactDataOfASocketNeverSeenIsStillADecodeError() {
    Decoding d = new Decoding();
    assertEquals(List.of(), d.feed(compact(3_000).pid(100).send(1).bytes()));
    assertEquals(1, d.decodeErrors());
  }

  @Test
  void thousandsOfInterleavedSocketsEachKeepTheirOwnFlow() {
    Decoding d = new Decoding();
    int sockets = 5_000;
    for (int i = 0; i < sockets; i++) {
      d.feed(KernelRecords.dataSocket().cookie(0x1000 + i).at(i).local("10.0.0.1", 10_000 + i)
          .remote("10.0.0.2", 443).pid(1_000 + i).comm("w" + i).reason(REASON_FIRST).send(1).bytes());
    }
    for (int i = sockets - 1; i >= 0; i -= 2) {
      d.feed(KernelRecords.state().cookie(0x1000 + i).local("10.0.0.1", 10_000 + i).remote("10.0.0.2", 443)
          .change(TcpState.FIN_WAIT2, TcpState.CLOSE).bytes());
    }

    for (int i = 0; i < sockets; i++) {
      List<?> events = d.feed(KernelRecords.data().cookie(0x1000 + i).recv(i + 1).bytes());
      if (i % 2 == 1) {
        // Closed, the highest first: the registry kept the last CLOSED_KEPT closes' facts, so a
        // late read of those is counted to its own tuple and owner, and of the others to none.
        if (i < 2 * FlowRegistry.CLOSED_KEPT) {
          Traffic t = (Traffic) events.get(1);
          assertEquals(List.of(10_000 + i, 1_000 + i, i + 1), List.of(t.flow().localPort(), t.flow().pid(), t.bytes()),
              "socket " + i + " read after its close");
          assertEquals(4, events.size(), events::toString);
        } else {
          assertEquals(List.of(), events, "socket " + i + " was closed, its facts long dropped");
        }
        continue;
      }
      Flow flow = new Flow(i, i + 1, 0x1000 + i, Proto.TCP, 4, "10.0.0.1", 10_000 + i, "10.0.0.2", 443, 1_000 + i,
          "w" + i);
      assertEquals(List.of(new Traffic(0, flow, RECV, i + 1)), events, "socket " + i);
    }
    assertEquals(sockets / 2 - FlowRegistry.CLOSED_KEPT, d.decodeErrors(), "the closed sockets whose facts were dropped");
  }
}
