package io.tcptop.record;

import static io.tcptop.bpf.KernelRecord.REASON_FIRST;
import static io.tcptop.event.Direction.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.bpf.KernelRecord;
import io.tcptop.bpf.KernelRecords;
import io.tcptop.event.Event;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.RttSample;
import io.tcptop.event.TcpState;
import io.tcptop.event.Traffic;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the decoder makes of each record beyond attribution: RTT samples, address text, bad records. */
class KernelDecoderTest {
  static final long MS = 1_000_000L;

  static KernelRecords.Builder tcp(long cookie, long ts, long srttMicros) {
    return KernelRecords.dataSocket().cookie(cookie).at(ts).local("10.0.0.1", 40000 + (int) cookie)
        .remote("10.0.0.2", 443).pid(100).comm("curl").reason(REASON_FIRST).srtt(srttMicros).send(1);
  }

  /** The RTT samples among the events of {@code records}, as "time:srtt@flow id". */
  static List<String> rttSamples(Decoding d, byte[]... records) {
    return d.feed(records).stream().filter(RttSample.class::isInstance).map(RttSample.class::cast)
        .map(r -> r.tsNs() / MS + "ms:" + r.srttUs() + "us@" + r.flow().id()).toList();
  }

  @Test
  void aTcpFlowsFirstRttIsSampled() {
    Decoding d = new Decoding();
    List<Event> events = d.feed(tcp(1, 5_000 * MS, 38).bytes());
    Flow flow = (Flow) events.get(0);

    assertEquals(List.of(flow, new Traffic(5_000 * MS, flow, SEND, 1), new RttSample(5_000 * MS, flow, 38)), events);
  }

  @Test
  void rttIsSampledAtMostEvery100msPerFlowAndOnlyWhenItChanged() {
    Decoding d = new Decoding();
    var one = KernelRecords.data().cookie(1).send(1);
    var two = KernelRecords.data().cookie(2).send(1);

    assertEquals(List.of("1000ms:38us@1", "1010ms:70us@2"), rttSamples(d,
        tcp(1, 1_000 * MS, 38).bytes(), tcp(2, 1_010 * MS, 70).bytes()));
    assertEquals(List.of(), rttSamples(d,
        one.at(1_050 * MS).srtt(40).bytes(), // changed, but too soon
        one.at(1_099 * MS).srtt(41).bytes()));
    assertEquals(List.of("1100ms:42us@1"), rttSamples(d,
        one.at(1_100 * MS).srtt(42).bytes(), // 100 ms after the last sample
        two.at(1_100 * MS).srtt(71).bytes())); // the other flow's own 100 ms have not passed
    assertEquals(List.of("1110ms:71us@2"), rttSamples(d,
        two.at(1_110 * MS).srtt(71).bytes()));
    assertEquals(List.of(), rttSamples(d,
        one.at(1_300 * MS).srtt(42).bytes(), // unchanged, however late
        one.at(1_400 * MS).srtt(0).bytes())); // no estimate yet
    assertEquals(List.of("1500ms:43us@1"), rttSamples(d,
        one.at(1_500 * MS).srtt(43).bytes()));
  }

  @Test
  void udpAndStateRecordsMakeNoRttSample() {
    Decoding d = new Decoding();
    // UDP has no RTT; the kernel writes 0, but a UDP flow must not sample whatever is there.
    assertEquals(List.of(), rttSamples(d, KernelRecords.dataSocket().udp().cookie(1).at(1_000 * MS)
        .local("10.0.0.1", 5000).remote("10.0.0.2", 53).pid(1).reason(REASON_FIRST).srtt(50).send(1).bytes()));
    // A state change carries srtt in its own event.
    assertEquals(List.of(), rttSamples(d, KernelRecords.state().cookie(2).at(1_000 * MS).local("10.0.0.1", 40000)
        .remote("10.0.0.2", 443).change(TcpState.ESTABLISHED, TcpState.FIN_WAIT1).srtt(60).bytes()));
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", // the first of equal zero runs
      "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0", // the longest zero run
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // one zero group is not compressed
      "2001:DB8::A, 2001:db8::a", // lower case
      "2001:0db8:00ab::1, 2001:db8:ab::1", // no leading zeros
      "fe80:0:0:0:0:0:0:1, fe80::1",
      "0:0:0:0:0:0:0:1, ::1",
      "0:0:0:0:0:0:0:0, ::",
      "::ffff:192.0.2.1, ::ffff:192.0.2.1", // an IPv4 peer of a dual-stack socket
      "0:0:0:0:0:ffff:c000:0201, ::ffff:192.0.2.1"})
  void ipv6AddressesAreWrittenAsRfc5952Says(String literal, String expected) {
    Flow flow = (Flow) new Decoding().feed(KernelRecords.dataSocket().cookie(1).local(literal, 1)
        .remote("::1", 2).pid(1).reason(REASON_FIRST).send(1).bytes()).get(0);
    assertEquals(6, flow.family());
    assertEquals(expected, flow.localAddr());
    assertEquals("::1", flow.remoteAddr());
  }

  @Test
  void ipv4AddressesAreDottedDecimal() {
    Flow flow = (Flow) new Decoding().feed(KernelRecords.dataSocket().cookie(1).local("192.168.255.1", 65535)
        .remote("0.0.0.0", 0).pid(1).reason(REASON_FIRST).send(1).bytes()).get(0);
    assertEquals(new Flow(0, 1, 1, Proto.TCP, 4, "192.168.255.1", 65535, "0.0.0.0", 0, 1, ""), flow);
  }

  @ParameterizedTest(name = "kind {0}")
  @ValueSource(ints = {KernelRecord.KIND_DATA, KernelRecord.KIND_DATA_SOCKET, KernelRecord.KIND_STATE,
      KernelRecord.KIND_RELEASE})
  void aRecordShorterThanItsKindIsADecodeErrorAndChangesNothing(int kind) {
    Decoding d = new Decoding();
    var known = KernelRecords.dataSocket().cookie(1).local("10.0.0.1", 1).remote("10.0.0.2", 2).pid(1)
        .reason(REASON_FIRST).send(1);
    d.feed(known.bytes());
    byte[] record = switch (kind) {
      case KernelRecord.KIND_DATA -> KernelRecords.data().cookie(1).send(1).bytes();
      case KernelRecord.KIND_DATA_SOCKET -> KernelRecords.dataSocket().cookie(1).local("10.0.0.1", 1)
          .remote("10.0.0.2", 2).pid(2).reason(REASON_FIRST).send(1).bytes();
      case KernelRecord.KIND_STATE -> KernelRecords.state().cookie(1).local("10.0.0.1", 1).remote("10.0.0.2", 2)
          .change(TcpState.ESTABLISHED, TcpState.CLOSE).bytes();
      default -> KernelRecords.release().cookie(1).bytes();
    };

    for (int length : new int[] {record.length - 1, 23, 16, 1, 0}) {
      assertEquals(List.of(), d.feedPrefix(record, length), length + " of " + record.length + " bytes");
    }
    assertEquals(5, d.decodeErrors());
    assertEquals(6, d.decoder.records());
    Flow unchanged = new Flow(0, 1, 1, Proto.TCP, 4, "10.0.0.1", 1, "10.0.0.2", 2, 1, "");
    assertEquals(List.of(new Traffic(0, unchanged, SEND, 1)), d.feed(KernelRecords.data().cookie(1).send(1).bytes()),
        "the socket is still known, under its first owner");
  }

  @ParameterizedTest(name = "kind {0}")
  @ValueSource(ints = {0, 5, 255})
  void aRecordOfAnUnknownKindIsADecodeError(int kind) {
    Decoding d = new Decoding();
    byte[] record = KernelRecords.dataSocket().cookie(1).local("10.0.0.1", 1).remote("10.0.0.2", 2).pid(1)
        .reason(REASON_FIRST).send(1).bytes();
    record[0] = (byte) kind;

    assertEquals(List.of(), d.feed(record));
    assertEquals(1, d.decodeErrors());
    assertEquals(null, d.flows.socket(1));
  }
}
