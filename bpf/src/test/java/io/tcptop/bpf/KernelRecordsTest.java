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
        long netns = 4026531833L;
        built.put("tcp-data-socket", KernelRecords.dataSocket().cookie(21477).at(0xc46_1381_790fL).tcp()
                .local("127.0.0.1", 52026).remote("127.0.0.1", 44025).send(1000).pid(6224).tid(6232)
                .srtt(31).comm("java").reason(KernelRecord.REASON_FIRST).netns(netns).cgroup(44).bytes());
        built.put("tcp-data", KernelRecords.data().cookie(21477).at(0xc46_1385_2947L).tcp().ipv4().send(234)
                .pid(6224).tid(6232).srtt(28).bytes());
        built.put("tcp-established", KernelRecords.state().cookie(21477).at(0xc46_137a_3cadL).tcp()
                .local("127.0.0.1", 52026).remote("127.0.0.1", 44025)
                .change(TcpState.SYN_SENT, TcpState.ESTABLISHED).counters(1, 0).srtt(35).netns(netns).bytes());
        built.put("tcp-close", KernelRecords.state().cookie(21477).at(0xc46_1399_dd8bL).tcp()
                .local("127.0.0.1", 52026).remote("127.0.0.1", 44025)
                .change(TcpState.FIN_WAIT2, TcpState.CLOSE).counters(1236, 1236).srtt(39).netns(netns).bytes());
        built.put("udp6-data-socket", KernelRecords.dataSocket().cookie(21479).at(0xc46_14cb_3f39L).udp()
                .local("::1", 40001).remote("::1", 40001).send(77).pid(6224).tid(6232).comm("java")
                .reason(KernelRecord.REASON_FIRST | KernelRecord.REASON_UNCONNECTED).netns(netns).cgroup(44).bytes());
        built.put("udp-release", KernelRecords.release().cookie(21479).at(0xc46_1515_d7a9L).ipv6().bytes());

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
