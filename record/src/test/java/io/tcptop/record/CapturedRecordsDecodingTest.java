package io.tcptop.record;

import static io.tcptop.event.Direction.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.bpf.KernelRecords;
import io.tcptop.event.Cgroup;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.event.Proto;
import io.tcptop.event.RttSample;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import io.tcptop.event.Traffic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Records the kernel really wrote (bpf's kernel-records.hex, captured during loopback traffic)
 * decoded into events: the path from ring bytes to journal events, without a kernel.
 */
class CapturedRecordsDecodingTest {
  static final Map<String, byte[]> CAPTURED = KernelRecords.captured();

  static byte[] captured(String name) {
    return CAPTURED.get(name);
  }

  static final long NETNS = 4026531833L;

  @Test
  void decodesEveryCapturedRecordIntoItsEvents() {
    Decoding d = new Decoding();
    // Decoded without a cgroup hierarchy to resolve against: the cgroup id is left unnamed.
    Flow client = new Flow(0xc46_1381_790fL, 1, 21477, Proto.TCP, 4, "127.0.0.1", 52026, "127.0.0.1", 44025, 6224,
        "java", Cgroup.NONE, NETNS);
    Flow udp = new Flow(0xc46_14cb_3f39L, 2, 21479, Proto.UDP, 6, "::1", 40001, "::1", 40001, 6224, "java",
        Cgroup.NONE, NETNS);

    assertEquals(List.of(client, new Traffic(0xc46_1381_790fL, client, SEND, 1000),
        new RttSample(0xc46_1381_790fL, client, 31)), d.feed(captured("tcp-data-socket")));
    assertEquals(List.of(new Traffic(0xc46_1385_2947L, client, SEND, 234)), d.feed(captured("tcp-data")),
        "4 ms after the first sample: no new RTT sample");
    assertEquals(List.of(new StateChange(0xc46_137a_3cadL, client, TcpState.SYN_SENT, TcpState.ESTABLISHED, 1, 0, 35)),
        d.feed(captured("tcp-established")));
    assertEquals(List.of(new StateChange(0xc46_1399_dd8bL, client, TcpState.FIN_WAIT2, TcpState.CLOSE, 1236,
        1236, 39), new FlowGone(0xc46_1399_dd8bL, client.id())), d.feed(captured("tcp-close")),
        "a closed socket's flow is forgotten, and readers are told");
    assertEquals(List.of(udp, new Traffic(0xc46_14cb_3f39L, udp, SEND, 77)), d.feed(captured("udp6-data-socket")));
    assertEquals(List.of(new FlowGone(0xc46_1515_d7a9L, udp.id())), d.feed(captured("udp-release")));

    assertEquals(6, d.decoder.records());
    assertEquals(0, d.decodeErrors());
    assertEquals(null, d.flows.socket(21477), "closed");
    assertEquals(null, d.flows.socket(21479), "released");
  }

  @Test
  void aCapturedStateChangeBeforeTheFirstDataTakesItsOwnerFromTheData() {
    Decoding d = new Decoding();
    Flow unowned = new Flow(0xc46_137a_3cadL, 1, 21477, Proto.TCP, 4, "127.0.0.1", 52026, "127.0.0.1", 44025, 0, "",
        Cgroup.NONE, NETNS);
    Flow owned = unowned.withOwner(0xc46_1381_790fL, 6224, "java");

    assertEquals(List.of(unowned, new StateChange(0xc46_137a_3cadL, unowned, TcpState.SYN_SENT, TcpState.ESTABLISHED,
        1, 0, 35)), d.feed(captured("tcp-established")));
    assertEquals(List.of(owned, new Traffic(0xc46_1381_790fL, owned, SEND, 1000),
        new RttSample(0xc46_1381_790fL, owned, 31)), d.feed(captured("tcp-data-socket")));
    assertEquals(List.of(new Traffic(0xc46_1385_2947L, owned, SEND, 234)), d.feed(captured("tcp-data")));
  }
}
