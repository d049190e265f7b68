package io.tcptop.bpf;

import io.tcptop.event.TcpState;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hand-built records that decoder tests use are the records the kernel writes, byte for byte. */
class KernelRecordsTest {

    @Test
    void rebuildsEveryCapturedKernelRecordByteForByte() {
        Map<String, byte[]> built = new LinkedHashMap<>();
        built.put("tcp-data-socket", KernelRecords.dataSocket().cookie(4098).at(0xf5_9525_afe7L).tcp()
                .local("127.0.0.1", 44974).remote("127.0.0.1", 36351).send(1000).pid(8445).tid(8447)
                .srtt(38).comm("java").reason(KernelRecord.REASON_FIRST).bytes());
        built.put("tcp-data", KernelRecords.data().cookie(4098).at(0xf5_9550_c4c6L).tcp().ipv4().send(234)
                .pid(8445).tid(8447).srtt(36).bytes());
        built.put("tcp-established", KernelRecords.state().cookie(4098).at(0xf5_9520_a241L).tcp()
                .local("127.0.0.1", 44974).remote("127.0.0.1", 36351)
                .change(TcpState.SYN_SENT, TcpState.ESTABLISHED).counters(1, 0).srtt(41).bytes());
        built.put("tcp-close", KernelRecords.state().cookie(4099).at(0xf5_955f_9c31L).tcp()
                .local("127.0.0.1", 36351).remote("127.0.0.1", 44974)
                .change(TcpState.FIN_WAIT2, TcpState.CLOSE).counters(1, 1235).srtt(37).bytes());
        built.put("udp6-data-socket", KernelRecords.dataSocket().cookie(4100).at(0xf5_9574_f3bbL).udp()
                .local("::1", 47393).remote("::1", 47393).send(77).pid(8445).tid(8447).comm("java")
                .reason(KernelRecord.REASON_FIRST).bytes());
        built.put("udp-release", KernelRecords.release().cookie(4100).at(0xf5_9575_4dfbL).ipv6().bytes());

        Map<String, byte[]> captured = KernelRecords.captured();
        assertEquals(captured.keySet(), built.keySet(), "one built record per captured line");
        for (String name : captured.keySet()) {
            assertEquals(HexFormat.of().formatHex(captured.get(name)), HexFormat.of().formatHex(built.get(name)), name);
        }
    }

    @Test
    void writesAnIpv6SocketsV4MappedPeerInItsV6Form() {
        byte[] record = KernelRecords.dataSocket().local("::ffff:10.1.2.3", 1).remote("::ffff:10.1.2.4", 2).bytes();
        assertEquals(KernelRecord.AF_INET6, KernelRecord.family(java.lang.foreign.MemorySegment.ofArray(record), 0));
        assertEquals("00000000000000000000ffff0a010203", HexFormat.of().formatHex(record, KernelRecord.LOCAL_ADDR,
                KernelRecord.LOCAL_ADDR + KernelRecord.ADDRESS_SIZE));
    }

    @Test
    void refusesWhatTheKernelCannotWrite() {
        assertThrows(IllegalStateException.class, () -> KernelRecords.state().comm("java"), "STATE has no comm");
        assertThrows(IllegalStateException.class, () -> KernelRecords.data().local("10.0.0.1", 1), "DATA has no address");
        assertThrows(IllegalStateException.class, () -> KernelRecords.release().pid(1), "RELEASE has no pid");
        assertThrows(IllegalArgumentException.class, () -> KernelRecords.dataSocket().comm("sixteen-bytes-xx"));
        assertThrows(IllegalArgumentException.class, () -> KernelRecords.dataSocket().local("10.0.0.1", 1)
                .remote("::1", 2), "mixed families");
        assertThrows(IllegalArgumentException.class, () -> KernelRecords.dataSocket().local("example.com", 1));
    }
}
