package io.tcptop.bpf;

import io.tcptop.event.TcpState;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Captures kernel-records.hex again, after an intended change of the record layout: loopback TCP
 * and UDP traffic through the real probes, one record of each kind picked and written with a
 * comment saying what it holds. Runs only when asked (as root):
 * {@code ./build -pl bpf test -Dtest=KernelRecordsCapture -Dtcptop.captureRecords=true}; then
 * update the values KernelRecordsTest and KernelRecordLayoutTest expect from the comments.
 */
class KernelRecordsCapture {
    private static final Path FILE = Path.of("src/test/resources/io/tcptop/bpf/kernel-records.hex");

    @Test
    void captureKernelRecords() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("tcptop.captureRecords"), "capture only when asked");
        KernelTestSupport.requireKernel();
        RecordCollector collector = new RecordCollector();
        Map<String, Captured> picked = new LinkedHashMap<>();
        // In a cgroup of its own, so that the records carry an id other than the root's (1).
        Path root = Cgroup2Mount.find().orElseThrow().mountPoint();
        Path cgroup = Files.createDirectories(root.resolve("tcptop-capture"));
        Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
        try (TcptopProbes probes = TcptopProbes.open(ProbeConfig.defaults().withRingSizeBytes(16 << 20), line -> { })) {
            collector.discardQueued(probes.ringBuffer());
            int serverPort;
            int clientPort;
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)
                    .bind(new InetSocketAddress("127.0.0.1", 0))) {
                SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
                client.connect(server.getLocalAddress());
                SocketChannel accepted = server.accept();
                serverPort = ((InetSocketAddress) accepted.getLocalAddress()).getPort();
                clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
                client.write(ByteBuffer.allocate(1000));
                accepted.read(ByteBuffer.allocate(1000));
                client.write(ByteBuffer.allocate(234));
                accepted.read(ByteBuffer.allocate(234));
                accepted.write(ByteBuffer.allocate(1235));
                client.read(ByteBuffer.allocate(1235));
                client.close();
                accepted.close();
            }
            int udpPort;
            try (DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET6)
                    .bind(new InetSocketAddress("::1", 0))) {
                udpPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();
                udp.send(ByteBuffer.allocate(77), udp.getLocalAddress());
                udp.receive(ByteBuffer.allocate(77));
            }
            Predicate<Captured> tcp = r -> r.protocol() == KernelRecord.PROTO_TCP
                    && (r.localPort() == clientPort || r.localPort() == serverPort || r.kind() == KernelRecord.KIND_DATA);
            collector.pollUntil(probes.ringBuffer(), Duration.ofSeconds(5),
                    rs -> rs.stream().anyMatch(r -> r.isRelease() && r.family() == KernelRecord.AF_INET6), "the UDP release");
            for (Captured r : collector.records()) {
                if (r.protocol() == KernelRecord.PROTO_TCP && r.tgid() == ProcessHandle.current().pid()) {
                    if (r.isSocket() && r.localPort() == clientPort && r.direction() == KernelRecord.DIRECTION_SEND) {
                        picked.putIfAbsent("tcp-data-socket", r);
                    }
                    if (r.kind() == KernelRecord.KIND_DATA && picked.containsKey("tcp-data-socket")
                            && r.cookie() == picked.get("tcp-data-socket").cookie()) {
                        picked.putIfAbsent("tcp-data", r);
                    }
                }
                if (r.isState() && tcp.test(r) && r.newState() == TcpState.ESTABLISHED.kernelNumber()
                        && r.localPort() == clientPort) {
                    picked.putIfAbsent("tcp-established", r);
                }
                if (r.isState() && tcp.test(r) && r.newState() == TcpState.CLOSE.kernelNumber()) {
                    picked.putIfAbsent("tcp-close", r);
                }
                if (r.isSocket() && r.protocol() == KernelRecord.PROTO_UDP && r.family() == KernelRecord.AF_INET6
                        && r.localPort() == udpPort && r.direction() == KernelRecord.DIRECTION_SEND) {
                    picked.putIfAbsent("udp6-data-socket", r);
                }
                if (r.isRelease() && r.family() == KernelRecord.AF_INET6) {
                    picked.putIfAbsent("udp-release", r);
                }
            }
        } finally {
            Files.writeString(root.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
            Files.delete(cgroup);
        }
        StringBuilder out = new StringBuilder();
        out.append("# Records written by tcptop.bpf.o on kernel ").append(System.getProperty("os.version"))
                .append(" (x86-64, little endian), captured from the ring\n")
                .append("# buffer during loopback traffic of KernelRecordsCapture. KernelRecordLayoutTest decodes each line (by name)\n")
                .append("# and checks the values noted here. Regenerate only if the layout changes on purpose.\n");
        for (String name : List.of("tcp-data-socket", "tcp-data", "tcp-established", "tcp-close", "udp6-data-socket",
                "udp-release")) {
            Captured r = picked.get(name);
            if (r == null) {
                throw new AssertionError("no " + name + " record was captured");
            }
            out.append(name).append(' ').append(HexFormat.of().formatHex(r.raw())).append('\n');
            out.append("# ").append(describe(r)).append('\n');
        }
        Files.writeString(FILE, out.toString(), StandardCharsets.UTF_8);
        System.out.print(out);
    }

    private static String describe(Captured r) {
        var s = r.segment();
        String common = "cookie=" + r.cookie() + " ts=0x" + Long.toHexString(KernelRecord.timestampNanos(s, 0));
        return switch (r.kind()) {
            case KernelRecord.KIND_DATA_SOCKET -> "DATA_SOCKET " + common + " " + proto(r) + " "
                    + (r.direction() == KernelRecord.DIRECTION_SEND ? "send " : "recv ") + r.bytes() + " bytes pid=" + r.tgid()
                    + " tid=" + r.tid() + " srtt=" + KernelRecord.srttMicros(s, 0) + " " + endpoint(KernelRecord.localAddress(s, 0), r.localPort())
                    + " > " + endpoint(KernelRecord.remoteAddress(s, 0), KernelRecord.remotePort(s, 0)) + " comm="
                    + KernelRecord.comm(s, 0) + " reason=" + KernelRecord.reason(s, 0) + " netns=" + KernelRecord.netns(s, 0)
                    + " cgroup=" + KernelRecord.cgroupId(s, 0);
            case KernelRecord.KIND_DATA -> "DATA " + common + " " + proto(r) + " "
                    + (r.direction() == KernelRecord.DIRECTION_SEND ? "send " : "recv ") + r.bytes() + " bytes pid=" + r.tgid()
                    + " tid=" + r.tid() + " srtt=" + KernelRecord.srttMicros(s, 0);
            case KernelRecord.KIND_STATE -> "STATE " + common + " " + TcpState.ofKernel(KernelRecord.oldState(s, 0)) + ">"
                    + TcpState.ofKernel(r.newState()) + " " + endpoint(KernelRecord.localAddress(s, 0), r.localPort()) + " > "
                    + endpoint(KernelRecord.remoteAddress(s, 0), KernelRecord.remotePort(s, 0)) + " acked="
                    + KernelRecord.bytesAcked(s, 0) + " received=" + KernelRecord.bytesReceived(s, 0) + " srtt="
                    + KernelRecord.srttMicros(s, 0) + " netns=" + KernelRecord.netns(s, 0);
            default -> "RELEASE " + common + " " + proto(r);
        };
    }

    private static String proto(Captured r) {
        return (r.protocol() == KernelRecord.PROTO_TCP ? "tcp" : "udp") + (r.family() == KernelRecord.AF_INET6 ? " v6" : " v4");
    }

    private static String endpoint(InetAddress a, int port) {
        return (a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress()) + ":" + port;
    }
}
