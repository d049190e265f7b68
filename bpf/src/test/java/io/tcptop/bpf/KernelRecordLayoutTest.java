package io.tcptop.bpf;

import io.tcptop.event.TcpState;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** KernelRecord must agree with what the kernel program writes and reads, byte for byte. */
class KernelRecordLayoutTest {
    /** Every field of every struct in tcptop.h, with the offset KernelRecord uses for it. */
    private static final Map<String, Map<String, Integer>> JAVA_LAYOUT = Map.of(
            "tcptop_data", fields("kind", KernelRecord.KIND, "protocol", KernelRecord.PROTOCOL,
                    "family", KernelRecord.FAMILY, "direction", KernelRecord.DIRECTION, "bytes", KernelRecord.BYTES,
                    "ts_ns", KernelRecord.TS_NS, "cookie", KernelRecord.COOKIE, "tgid", KernelRecord.TGID,
                    "tid", KernelRecord.TID, "srtt_us", KernelRecord.SRTT_US, "netns", KernelRecord.NETNS),
            "tcptop_data_socket", fields("data", 0, "local_port", KernelRecord.LOCAL_PORT,
                    "remote_port", KernelRecord.REMOTE_PORT, "reason", KernelRecord.REASON,
                    "local_addr", KernelRecord.LOCAL_ADDR, "remote_addr", KernelRecord.REMOTE_ADDR,
                    "comm", KernelRecord.COMM, "cgroup_id", KernelRecord.CGROUP_ID),
            "tcptop_state", fields("kind", KernelRecord.KIND, "protocol", KernelRecord.PROTOCOL,
                    "family", KernelRecord.FAMILY, "old_state", KernelRecord.OLD_STATE,
                    "new_state", KernelRecord.NEW_STATE, "ts_ns", KernelRecord.TS_NS, "cookie", KernelRecord.COOKIE,
                    "bytes_acked", KernelRecord.BYTES_ACKED, "srtt_us", KernelRecord.SRTT_US, "netns", KernelRecord.NETNS,
                    "local_port", KernelRecord.LOCAL_PORT, "remote_port", KernelRecord.REMOTE_PORT,
                    "local_addr", KernelRecord.LOCAL_ADDR, "remote_addr", KernelRecord.REMOTE_ADDR,
                    "bytes_received", KernelRecord.BYTES_RECEIVED),
            "tcptop_release", fields("kind", KernelRecord.KIND, "protocol", KernelRecord.PROTOCOL,
                    "family", KernelRecord.FAMILY, "ts_ns", KernelRecord.TS_NS, "cookie", KernelRecord.COOKIE),
            "tcptop_config", fields("pids", KernelRecord.CONFIG_PIDS, "pid_count", KernelRecord.CONFIG_PID_COUNT,
                    "protocols", KernelRecord.CONFIG_PROTOCOLS, "ports", KernelRecord.CONFIG_PORTS,
                    "port_count", KernelRecord.CONFIG_PORT_COUNT,
                    "wakeup_bytes", KernelRecord.CONFIG_WAKEUP_BYTES, "netns", KernelRecord.CONFIG_NETNS,
                    "netns_count", KernelRecord.CONFIG_NETNS_COUNT, "filters", KernelRecord.CONFIG_FILTERS));
    private static final Map<String, Integer> JAVA_SIZES = Map.of("tcptop_data", KernelRecord.DATA_SIZE,
            "tcptop_data_socket", KernelRecord.DATA_SOCKET_SIZE, "tcptop_state", KernelRecord.STATE_SIZE,
            "tcptop_release", KernelRecord.RELEASE_SIZE, "tcptop_config", KernelRecord.CONFIG_SIZE);

    private static final Pattern STRUCT = Pattern.compile("^\\[\\d+] STRUCT '(\\w+)' size=(\\d+) vlen=\\d+$");
    private static final Pattern MEMBER = Pattern.compile("^\\s+'(\\w+)' type_id=\\d+ bits_offset=(\\d+)$");

    @Test
    void decodesRecordsTheKernelWrote() throws IOException {
        Map<String, MemorySegment> dump = knownDump();

        MemorySegment tcp = dump.get("tcp-data-socket");
        assertAll("tcp data socket",
                () -> assertEquals(KernelRecord.KIND_DATA_SOCKET, KernelRecord.kind(tcp, 0)),
                () -> assertEquals(KernelRecord.DATA_SOCKET_SIZE, tcp.byteSize()),
                () -> assertEquals(KernelRecord.PROTO_TCP, KernelRecord.protocol(tcp, 0)),
                () -> assertEquals(KernelRecord.AF_INET, KernelRecord.family(tcp, 0)),
                () -> assertEquals(KernelRecord.DIRECTION_SEND, KernelRecord.direction(tcp, 0)),
                () -> assertEquals(1000, KernelRecord.bytes(tcp, 0)),
                () -> assertEquals(21477, KernelRecord.cookie(tcp, 0)),
                () -> assertEquals(0xc46_1381_790fL, KernelRecord.timestampNanos(tcp, 0)),
                () -> assertEquals(6224, KernelRecord.tgid(tcp, 0)),
                () -> assertEquals(6232, KernelRecord.tid(tcp, 0)),
                () -> assertEquals(31, KernelRecord.srttMicros(tcp, 0)),
                () -> assertEquals(52026, KernelRecord.localPort(tcp, 0)),
                () -> assertEquals(44025, KernelRecord.remotePort(tcp, 0)),
                () -> assertEquals(InetAddress.getByName("127.0.0.1"), KernelRecord.localAddress(tcp, 0)),
                () -> assertEquals(InetAddress.getByName("127.0.0.1"), KernelRecord.remoteAddress(tcp, 0)),
                () -> assertEquals("java", KernelRecord.comm(tcp, 0)),
                () -> assertEquals(KernelRecord.REASON_FIRST, KernelRecord.reason(tcp, 0)),
                () -> assertEquals(4026531833L, KernelRecord.netns(tcp, 0)),
                () -> assertEquals(44, KernelRecord.cgroupId(tcp, 0)));

        MemorySegment data = dump.get("tcp-data");
        assertAll("tcp data",
                () -> assertEquals(KernelRecord.KIND_DATA, KernelRecord.kind(data, 0)),
                () -> assertEquals(KernelRecord.DATA_SIZE, data.byteSize()),
                () -> assertEquals(234, KernelRecord.bytes(data, 0)),
                () -> assertEquals(21477, KernelRecord.cookie(data, 0)),
                () -> assertEquals(28, KernelRecord.srttMicros(data, 0)),
                () -> assertEquals(0, KernelRecord.netns(data, 0), "a compact record carries no netns"),
                () -> assertEquals(0xc46_1385_2947L, KernelRecord.timestampNanos(data, 0)));

        MemorySegment established = dump.get("tcp-established");
        assertAll("tcp established",
                () -> assertEquals(KernelRecord.KIND_STATE, KernelRecord.kind(established, 0)),
                () -> assertEquals(KernelRecord.STATE_SIZE, established.byteSize()),
                () -> assertEquals(TcpState.SYN_SENT.kernelNumber(), KernelRecord.oldState(established, 0)),
                () -> assertEquals(TcpState.ESTABLISHED.kernelNumber(), KernelRecord.newState(established, 0)),
                () -> assertEquals(52026, KernelRecord.localPort(established, 0)),
                () -> assertEquals(44025, KernelRecord.remotePort(established, 0)),
                () -> assertEquals(1, KernelRecord.bytesAcked(established, 0)),
                () -> assertEquals(35, KernelRecord.srttMicros(established, 0)),
                () -> assertEquals(4026531833L, KernelRecord.netns(established, 0)));

        MemorySegment close = dump.get("tcp-close");
        assertAll("tcp close",
                () -> assertEquals(TcpState.FIN_WAIT2.kernelNumber(), KernelRecord.oldState(close, 0)),
                () -> assertEquals(TcpState.CLOSE.kernelNumber(), KernelRecord.newState(close, 0)),
                () -> assertEquals(21477, KernelRecord.cookie(close, 0)),
                () -> assertEquals(52026, KernelRecord.localPort(close, 0)),
                () -> assertEquals(1236, KernelRecord.bytesAcked(close, 0)),
                () -> assertEquals(1236, KernelRecord.bytesReceived(close, 0)),
                () -> assertEquals(39, KernelRecord.srttMicros(close, 0)));

        MemorySegment udp = dump.get("udp6-data-socket");
        assertAll("udp6 data socket",
                () -> assertEquals(KernelRecord.PROTO_UDP, KernelRecord.protocol(udp, 0)),
                () -> assertEquals(KernelRecord.AF_INET6, KernelRecord.family(udp, 0)),
                () -> assertEquals(77, KernelRecord.bytes(udp, 0)),
                () -> assertEquals(0, KernelRecord.srttMicros(udp, 0)),
                () -> assertEquals(40001, KernelRecord.remotePort(udp, 0)),
                () -> assertEquals(InetAddress.getByName("::1"), KernelRecord.remoteAddress(udp, 0)),
                () -> assertEquals(44, KernelRecord.cgroupId(udp, 0)));

        MemorySegment release = dump.get("udp-release");
        assertAll("udp release",
                () -> assertEquals(KernelRecord.KIND_RELEASE, KernelRecord.kind(release, 0)),
                () -> assertEquals(KernelRecord.RELEASE_SIZE, release.byteSize()),
                () -> assertEquals(KernelRecord.AF_INET6, KernelRecord.family(release, 0)),
                () -> assertEquals(21479, KernelRecord.cookie(release, 0)));
    }

    @Test
    void javaOffsetsMatchTheCompiledObjectsBtf() throws IOException, InterruptedException {
        Path bpftool = List.of("/usr/sbin/bpftool", "/usr/bin/bpftool", "/sbin/bpftool", "/usr/local/sbin/bpftool")
                .stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (bpftool == null) {
            System.out.println("[layout test skipped] bpftool is not installed: cannot read the object's BTF");
        }
        assumeTrue(bpftool != null, "bpftool is not installed: cannot read the object's BTF");

        Map<String, Map<String, Integer>> btf = new LinkedHashMap<>();
        Map<String, Integer> btfSizes = new LinkedHashMap<>();
        Process process = new ProcessBuilder(bpftool.toString(), "btf", "dump", "file",
                BpfObjectFreshnessTest.committedObject().toString()).redirectErrorStream(true).start();
        String current = null;
        for (String line : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            Matcher struct = STRUCT.matcher(line);
            Matcher member = MEMBER.matcher(line);
            if (struct.matches()) {
                current = JAVA_LAYOUT.containsKey(struct.group(1)) ? struct.group(1) : null;
                if (current != null) {
                    btfSizes.put(current, Integer.parseInt(struct.group(2)));
                    btf.put(current, new LinkedHashMap<>());
                }
            } else if (member.matches() && current != null) {
                if (!member.group(1).startsWith("reserved")) {
                    btf.get(current).put(member.group(1), Integer.parseInt(member.group(2)) / 8);
                }
            } else if (!line.startsWith("\t")) {
                current = null;
            }
        }
        assertEquals(true, process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0, "bpftool failed");

        assertEquals(JAVA_SIZES, btfSizes, "struct sizes: KernelRecord vs tcptop.bpf.o");
        for (String struct : JAVA_LAYOUT.keySet()) {
            assertEquals(new java.util.TreeMap<>(JAVA_LAYOUT.get(struct)), new java.util.TreeMap<>(btf.get(struct)),
                    "field offsets of " + struct + ": KernelRecord vs tcptop.bpf.o");
        }
    }

    @Test
    void writesTheConfigTheKernelReads() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment config = arena.allocate(KernelRecord.CONFIG_SIZE);
            KernelRecord.writeConfig(config, ProbeConfig.defaults().withPids(Set.of(42, 7)).withPorts(Set.of(443))
                    .withProtocols(false, true).withWakeupBytes(4096).withNetns(Set.of(4026532302L, 4026531840L))
                    .withContainers(List.of()));
            assertEquals("07000000" + "2a000000" + "00".repeat(24) // pids, sorted
                            + "02000000" + "02000000"                 // pid_count, protocols (UDP bit)
                            + "bb01" + "00".repeat(14)                // ports
                            + "01000000" + "00000000"                 // port_count, reserved
                            + "0010000000000000"                      // wakeup_bytes
                            + "000000f0" + "ce0100f0" + "00".repeat(24) // netns, sorted
                            + "02000000"                              // netns_count
                            + "0d000000" + "00".repeat(8),            // filters: pid, container, netns; reserved
                    HexFormat.of().formatHex(config.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        }
    }

    private static Map<String, MemorySegment> knownDump() {
        Map<String, MemorySegment> records = new LinkedHashMap<>();
        KernelRecords.captured().forEach((name, bytes) -> records.put(name, MemorySegment.ofArray(bytes)));
        return records;
    }

    private static Map<String, Integer> fields(Object... nameOffsetPairs) {
        Map<String, Integer> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameOffsetPairs.length; i += 2) {
            fields.put((String) nameOffsetPairs[i], (Integer) nameOffsetPairs[i + 1]);
        }
        return fields;
    }
}
