package io.tcptop.bpf;

import io.tcptop.event.TcpState;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Owner facts and owner filters in the kernel, with real cgroups and network namespaces: the
 * records name the socket's namespace and the owning task's cgroup, and the cgroup, container and
 * namespace filters keep exactly what they should, nothing lost.
 */
class OwnerFilterTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final RecordCollector collector = new RecordCollector();
    private TestCgroups cgroups;

    @BeforeEach
    void openCgroups() {
        cgroups = TestCgroups.open();
    }

    @AfterEach
    void removeCgroups() {
        if (cgroups != null) {
            cgroups.close();
        }
    }

    @Test
    void recordsNameTheOwnersCgroupAndTheSocketsNamespace() throws Exception {
        String scope = "/tcptop-test-" + TestCgroups.containerId().substring(0, 8) + ".slice/docker-"
                + TestCgroups.containerId() + ".scope";
        Path dir = cgroups.make(scope);
        try (TcptopProbes probes = open(ProbeConfig.defaults());
             DatagramChannel server = udpServer()) {
            int port = port(server.getLocalAddress());
            long pid = cgroups.runBash(scope, "echo -n hello > /dev/udp/127.0.0.1/" + port);
            server.receive(ByteBuffer.allocate(100));

            collectUntil(probes, r -> r.isSocket() && r.tgid() == pid);
            Captured sent = collector.records().stream().filter(r -> r.isSocket() && r.tgid() == pid).findFirst()
                    .orElseThrow();
            assertEquals(TestCgroups.idOf(dir), sent.cgroupId(), "the sender's cgroup: " + sent);
            assertEquals(hostNetns(), sent.netns(), "the sender's socket's namespace: " + sent);
            Captured received = collector.records().stream()
                    .filter(r -> r.isSocket() && r.tgid() == ThisThread.pid() && r.localPort() == port).findFirst()
                    .orElseThrow();
            assertEquals(TestCgroups.idOf(cgroups.mount().mountPoint()), received.cgroupId(),
                    "the receiver (this JVM) is in the root cgroup: " + received);
        }
    }

    @Test
    void cgroupFilterKeepsOnlyTasksInTheCgroupOrBelowItAndLosesNothing() throws Exception {
        String slice = "/tcptop-test-" + TestCgroups.containerId().substring(0, 8) + ".slice";
        String inside = slice + "/docker-" + TestCgroups.containerId() + ".scope";
        String outside = "/tcptop-test-" + TestCgroups.containerId().substring(0, 8) + ".scope";
        Path sliceDir = cgroups.make(slice);
        cgroups.make(inside);
        cgroups.make(outside);
        try (TcptopProbes probes = open(ProbeConfig.defaults().withCgroups(List.of(sliceDir)));
             DatagramChannel udp = udpServer();
             ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            int udpPort = port(udp.getLocalAddress());
            int tcpPort = port(listener.getLocalAddress());
            String script = "echo -n %s > /dev/udp/127.0.0.1/" + udpPort + "; exec 3<>/dev/tcp/127.0.0.1/" + tcpPort
                    + "; echo -n %s >&3; exec 3>&-";

            long outsidePid = cgroups.runBash(outside, script.formatted("outside", "outside-tcp"));
            int outsidePort = acceptAndRead(listener, 11);
            udp.receive(ByteBuffer.allocate(100));
            tcpExchangeHere(9);
            long insidePid = cgroups.runBash(inside, script.formatted("in", "in-tcp"));
            int insidePort = acceptAndRead(listener, 6);
            udp.receive(ByteBuffer.allocate(100));

            collectUntil(probes, r -> r.isState() && r.localPort() == insidePort
                    && r.newState() == TcpState.CLOSE.kernelNumber());
            List<Captured> records = collector.records();
            assertTrue(records.stream().filter(Captured::isData).allMatch(r -> r.tgid() == insidePid),
                    () -> "only the task below the cgroup: " + records);
            assertEquals(2, sum(records, r -> r.isData() && r.protocol() == KernelRecord.PROTO_UDP), records::toString);
            assertEquals(6, sum(records, r -> r.isData() && r.protocol() == KernelRecord.PROTO_TCP), records::toString);
            long insideSocket = records.stream().filter(r -> r.isSocket() && r.protocol() == KernelRecord.PROTO_TCP)
                    .findFirst().orElseThrow().cookie();
            assertTrue(records.stream().filter(Captured::isState).allMatch(r -> r.cookie() == insideSocket),
                    () -> "state changes of the wanted task's socket only (not of this JVM's accepted ones): " + records);
            assertTrue(records.stream().noneMatch(r -> r.isState() && r.localPort() == outsidePort), records::toString);
            assertTrue(records.stream().noneMatch(r -> r.isData() && r.tgid() == outsidePid), records::toString);
            assertEquals(0, probes.lostRecords());
        }
    }

    @Test
    void containerFilterTakesContainersAddedWhileRecording() throws Exception {
        String known = "/tcptop-test-" + TestCgroups.containerId().substring(0, 8) + ".slice/docker-"
                + TestCgroups.containerId() + ".scope";
        String later = "/tcptop-test-" + TestCgroups.containerId().substring(0, 8) + ".slice/docker-"
                + TestCgroups.containerId() + ".scope";
        String never = "/tcptop-test-" + TestCgroups.containerId().substring(0, 8) + ".slice/docker-"
                + TestCgroups.containerId() + ".scope";
        Path knownDir = cgroups.make(known);
        try (TcptopProbes probes = open(ProbeConfig.defaults().withContainers(List.of(knownDir)));
             DatagramChannel udp = udpServer()) {
            String send = "echo -n %s > /dev/udp/127.0.0.1/" + port(udp.getLocalAddress());
            Path laterDir = cgroups.make(later);
            cgroups.make(never);
            cgroups.runBash(later, send.formatted("1234567"));
            assertTrue(probes.addContainerCgroup(laterDir));
            long laterPid = cgroups.runBash(later, send.formatted("12345678901"));
            cgroups.runBash(never, send.formatted("1234567890123"));
            long knownPid = cgroups.runBash(known, send.formatted("12345678901234567"));
            for (int i = 0; i < 4; i++) {
                udp.receive(ByteBuffer.allocate(100));
            }

            collectUntil(probes, r -> r.isData() && r.tgid() == knownPid);
            List<Captured> records = collector.records();
            assertEquals(List.of(11L, 17L), records.stream().filter(Captured::isData).map(Captured::bytes).toList(),
                    () -> "the later container from its addition on, the known one, nothing else: " + records);
            assertEquals(laterPid, records.get(0).tgid());
            assertEquals(0, probes.lostRecords());
        }
    }

    @Test
    void netnsFilterKeepsOnlySocketsOfThatNamespace() throws Exception {
        try (TestNetns wanted = TestNetns.create(); TestNetns other = TestNetns.create()) {
            String send = "echo -n %s > /dev/udp/127.0.0.1/9";
            try (TcptopProbes probes = open(ProbeConfig.defaults().withNetns(Set.of(wanted.inode())))) {
                TestCgroups.waitFor(new ProcessBuilder(other.exec(List.of("/bin/bash", "-c", send.formatted("other"))))
                        .redirectErrorStream(true).start());
                tcpExchangeHere(9);
                TestCgroups.waitFor(new ProcessBuilder(wanted.exec(List.of("/bin/bash", "-c", send.formatted("in"))))
                        .redirectErrorStream(true).start());

                collectUntil(probes, r -> r.isData() && r.netns() == wanted.inode());
                List<Captured> records = collector.records().stream().filter(r -> !r.isRelease()).toList();
                assertEquals(1, records.size(), records::toString);
                assertEquals(2, records.get(0).bytes());
                assertEquals(wanted.inode(), records.get(0).netns());
                assertEquals(0, probes.lostRecords());
            }
        }
    }

    @Test
    void withoutCgroupV2TheCgroupHooksStayOutAndEverythingElseIsRecorded(@TempDir Path tmp) throws Exception {
        Path mountinfo = tmp.resolve("mountinfo");
        Files.writeString(mountinfo, """
                22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/root rw
                30 22 0:27 / /sys/fs/cgroup rw,relatime shared:9 - tmpfs tmpfs rw,mode=755
                31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime shared:10 - cgroup cgroup rw,cpu
                39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime shared:18 - cgroup cgroup rw,name=systemd
                """);
        System.setProperty(Cgroup2Mount.MOUNTINFO_PROPERTY, mountinfo.toString());
        try {
            BpfException refused = assertThrows(BpfException.class,
                    () -> open(ProbeConfig.defaults().withCgroups(List.of(Path.of("/sys/fs/cgroup/unified")))));
            assertEquals(BpfException.Reason.NO_CGROUP2, refused.reason());
            try (TcptopProbes probes = open(ProbeConfig.defaults().withPids(Set.of(ThisThread.pid())));
                 DatagramChannel server = udpServer();
                 DatagramChannel client = udpClient()) {
                assertTrue(probes.cgroup2().isEmpty());
                assertFalse(probes.attachedPrograms().stream().anyMatch(p -> p.contains("msg")),
                        "no cgroup hooks: " + probes.attachedPrograms());
                assertTrue(probes.attachedPrograms().contains("handle_sock_send_length"));
                client.send(ByteBuffer.allocate(21), server.getLocalAddress());
                server.receive(ByteBuffer.allocate(100));
                tcpExchangeHere(9);
                collectUntil(probes, r -> r.isData() && r.protocol() == KernelRecord.PROTO_TCP
                        && r.direction() == KernelRecord.DIRECTION_RECV);
                List<Captured> records = collector.records();
                assertEquals(21, sum(records, r -> r.isData() && r.protocol() == KernelRecord.PROTO_UDP
                        && r.direction() == KernelRecord.DIRECTION_SEND), records::toString);
                assertTrue(records.stream().filter(r -> r.isSocket() && r.protocol() == KernelRecord.PROTO_UDP)
                        .allMatch(r -> r.remotePort() == 0), () -> "no hook names unconnected peers: " + records);
                assertEquals(9, sum(records, r -> r.isData() && r.protocol() == KernelRecord.PROTO_TCP
                        && r.direction() == KernelRecord.DIRECTION_RECV), records::toString);
            }
        } finally {
            System.clearProperty(Cgroup2Mount.MOUNTINFO_PROPERTY);
        }
    }

    static long hostNetns() throws IOException {
        return (Long) Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino");
    }

    private static TcptopProbes open(ProbeConfig config) {
        return TcptopProbes.open(config.withRingSizeBytes(1 << 20), line -> { });
    }

    /** Polls until {@code last} shows up, then a little longer so that stragglers arrive too. */
    private void collectUntil(TcptopProbes probes, Predicate<Captured> last) {
        collector.pollUntil(probes.ringBuffer(), Duration.ofSeconds(10),
                records -> records.stream().anyMatch(last), "the last expected record");
        probes.ringBuffer().poll(50, collector);
        probes.ringBuffer().drain(collector);
    }

    private static long sum(List<Captured> records, Predicate<Captured> which) {
        return records.stream().filter(which).mapToLong(Captured::bytes).sum();
    }

    /** Accepts one connection, reads {@code bytes} from it, closes it; returns the peer's port. */
    private static int acceptAndRead(ServerSocketChannel listener, int bytes) throws IOException {
        try (SocketChannel accepted = listener.accept()) {
            ByteBuffer b = ByteBuffer.allocate(bytes);
            while (b.hasRemaining() && accepted.read(b) >= 0) {
                // read all of it
            }
            return port(accepted.getRemoteAddress());
        }
    }

    /** TCP traffic of this JVM, which is in none of the test's cgroups or namespaces. */
    private static void tcpExchangeHere(int bytes) throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                 SocketChannel accepted = listener.accept()) {
                client.write(ByteBuffer.allocate(bytes));
                ByteBuffer b = ByteBuffer.allocate(bytes);
                while (b.hasRemaining()) {
                    accepted.read(b);
                }
            }
        }
    }

    private static DatagramChannel udpServer() throws IOException {
        return DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LOOPBACK, 0));
    }

    private static DatagramChannel udpClient() throws IOException {
        return DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LOOPBACK, 0));
    }

    private static int port(java.net.SocketAddress address) {
        return ((InetSocketAddress) address).getPort();
    }
}
