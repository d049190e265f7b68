package io.tcptop.record;

import static io.tcptop.event.Direction.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.bpf.KernelRecords;
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

  @Test
  void decodesEveryCapturedRecordIntoItsEvents() {
    Decoding d = new Decoding();
    Flow client = new Flow(0xf5_9525_afe7L, 1, 4098, Proto.TCP, 4, "127.0.0.1", 44974, "127.0.0.1", 36351, 8445,
        "java");
    Flow server = new Flow(0xf5_955f_9c31L, 2, 4099, Proto.TCP, 4, "127.0.0.1", 36351, "127.0.0.1", 44974, 0, "");
    Flow udp = new Flow(0xf5_9574_f3bbL, 3, 4100, Proto.UDP, 6, "::1", 47393, "::1", 47393, 8445, "java");

    assertEquals(List.of(client, new Traffic(0xf5_9525_afe7L, client, SEND, 1000),
        new RttSample(0xf5_9525_afe7L, client, 38)), d.feed(captured("tcp-data-socket")));
    assertEquals(List.of(new Traffic(0xf5_9550_c4c6L, client, SEND, 234)), d.feed(captured("tcp-data")),
        "2.8 ms after the first sample: no new RTT sample");
    assertEquals(List.of(new StateChange(0xf5_9520_a241L, client, TcpState.SYN_SENT, TcpState.ESTABLISHED, 1, 0, 41)),
        d.feed(captured("tcp-established")));
    assertEquals(List.of(server, new StateChange(0xf5_955f_9c31L, server, TcpState.FIN_WAIT2, TcpState.CLOSE, 1,
        1235, 37), new FlowGone(0xf5_955f_9c31L, server.id())), d.feed(captured("tcp-close")),
        "a closed socket's flow is forgotten, and readers are told");
    assertEquals(List.of(udp, new Traffic(0xf5_9574_f3bbL, udp, SEND, 77)), d.feed(captured("udp6-data-socket")));
    assertEquals(List.of(new FlowGone(0xf5_9575_4dfbL, udp.id())), d.feed(captured("udp-release")));

    assertEquals(6, d.decoder.records());
    assertEquals(0, d.decodeErrors());
    assertEquals(null, d.flows.socket(4099), "closed");
    assertEquals(null, d.flows.socket(4100), "released");
  }

  @Test
  void aCapturedStateChangeBeforeTheFirstDataTakesItsOwnerFromTheData() {
    Decoding d = new Decoding();
    Flow unowned = new Flow(0xf5_9520_a241L, 1, 4098, Proto.TCP, 4, "127.0.0.1", 44974, "127.0.0.1", 36351, 0, "");
    Flow owned = unowned.withOwner(0xf5_9525_afe7L, 8445, "java");

    assertEquals(List.of(unowned, new StateChange(0xf5_9520_a241L, unowned, TcpState.SYN_SENT, TcpState.ESTABLISHED,
        1, 0, 41)), d.feed(captured("tcp-established")));
    assertEquals(List.of(owned, new Traffic(0xf5_9525_afe7L, owned, SEND, 1000),
        new RttSample(0xf5_9525_afe7L, owned, 38)), d.feed(captured("tcp-data-socket")));
    assertEquals(List.of(new Traffic(0xf5_9550_c4c6L, owned, SEND, 234)), d.feed(captured("tcp-data")));
  }
}
