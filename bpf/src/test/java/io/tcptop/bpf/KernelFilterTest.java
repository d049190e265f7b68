package io.tcptop.bpf;

import io.tcptop.event.TcpState;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filters are applied in the kernel: what they exclude never reaches the ring. */
class KernelFilterTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Path BASH = Path.of("/bin/bash");
    private final RecordCollector collector = new RecordCollector();

    @BeforeEach
    void needsKernel() {
        KernelTestSupport.requireKernel();
    }

    @Test
    void pidFilterKeepsOnlyTheChosenProcessesIncludingTheirAcceptedConnections() throws Exception {
        try (TcptopProbes probes = open(ProbeConfig.defaults().withPids(Set.of(ThisThread.pid())));
             DatagramChannel server = udpServer();
             ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            int udpPort = port(server.getLocalAddress());
            int tcpPort = port(listener.getLocalAddress());

            long childPid = runBash("echo -n hello > /dev/udp/127.0.0.1/" + udpPort
                    + "; exec 3<>/dev/tcp/127.0.0.1/" + tcpPort + "; echo -n hi >&3; exec 3>&-");
            server.receive(ByteBuffer.allocate(100));
            int childPort;
            try (SocketChannel accepted = listener.accept()) {
                childPort = port(accepted.getRemoteAddress());
                accepted.read(ByteBuffer.allocate(100));
            }
            try (DatagramChannel own = udpClient()) {
                own.send(ByteBuffer.allocate(33), server.getLocalAddress());
            }
            server.receive(ByteBuffer.allocate(100));

            collectUntil(probes, r -> r.isState() && r.newState() == TcpState.CLOSE.kernelNumber()
                    && r.localPort() == tcpPort && r.remotePort() == childPort);
            List<Captured> records = collector.records();
            assertTrue(records.stream().noneMatch(r -> r.isData() && r.tgid() == childPid),
                    () -> "records of another process: " + records);
            assertTrue(records.stream().noneMatch(r -> r.isState() && r.localPort() == childPort),
                    () -> "state changes of the other process's socket: " + records);
            assertEquals(5 + 33, bytesOfThisProcess(records, KernelRecord.DIRECTION_RECV, KernelRecord.PROTO_UDP));
            assertEquals(33, bytesOfThisProcess(records, KernelRecord.DIRECTION_SEND, KernelRecord.PROTO_UDP));
            assertEquals(2, bytesOfThisProcess(records, KernelRecord.DIRECTION_RECV, KernelRecord.PROTO_TCP));
            assertTrue(records.stream().anyMatch(r -> r.isState() && r.localPort() == tcpPort
                    && r.remotePort() == childPort && r.newState() == TcpState.ESTABLISHED.kernelNumber()),
                    () -> "the accepted socket inherits the listener's pid match: " + records);
        }
    }

    @Test
    void portFilterKeepsOnlySocketsUsingThePortOnEitherSide() throws IOException {
        try (DatagramChannel wanted = udpServer();
             DatagramChannel other = udpServer();
             DatagramChannel client = udpClient();
             TcptopProbes probes = open(ProbeConfig.defaults().withPorts(Set.of(port(wanted.getLocalAddress()))))) {
            int wantedPort = port(wanted.getLocalAddress());
            client.send(ByteBuffer.allocate(11), wanted.getLocalAddress());   // remote port matches
            client.send(ByteBuffer.allocate(22), other.getLocalAddress());    // neither port matches
            wanted.receive(ByteBuffer.allocate(100));                          // local port matches
            other.receive(ByteBuffer.allocate(100));
            tcpExchange(7);                                                    // neither port matches

            collectUntil(probes, r -> r.isData() && r.direction() == KernelRecord.DIRECTION_RECV
                    && r.tgid() == ThisThread.pid());
            List<Captured> records = collector.records();
            assertEquals(11, bytesOfThisProcess(records, KernelRecord.DIRECTION_SEND, KernelRecord.PROTO_UDP), records::toString);
            assertEquals(11, bytesOfThisProcess(records, KernelRecord.DIRECTION_RECV, KernelRecord.PROTO_UDP), records::toString);
            assertTrue(records.stream().filter(Captured::isSocket)
                    .allMatch(r -> r.localPort() == wantedPort || r.remotePort() == wantedPort), records::toString);
            assertTrue(records.stream().noneMatch(r -> r.protocol() == KernelRecord.PROTO_TCP
                    && (r.isState() || r.tgid() == ThisThread.pid())), records::toString);
        }
    }

    @Test
    void protocolFilterKeepsOnlyTheChosenProtocol() throws IOException {
        try (TcptopProbes probes = open(ProbeConfig.defaults().withProtocols(false, true)
                .withPids(Set.of(ThisThread.pid())));
             DatagramChannel server = udpServer();
             DatagramChannel client = udpClient()) {
            tcpExchange(7);
            client.send(ByteBuffer.allocate(44), server.getLocalAddress());
            server.receive(ByteBuffer.allocate(100));

            collectUntil(probes, r -> r.isData() && r.direction() == KernelRecord.DIRECTION_RECV
                    && r.protocol() == KernelRecord.PROTO_UDP);
            List<Captured> records = collector.records();
            assertTrue(records.stream().noneMatch(r -> r.protocol() == KernelRecord.PROTO_TCP), records::toString);
            assertEquals(44, bytesOfThisProcess(records, KernelRecord.DIRECTION_SEND, KernelRecord.PROTO_UDP));
        }
    }

    private static TcptopProbes open(ProbeConfig config) {
        return TcptopProbes.open(config.withRingSizeBytes(1 << 20), line -> { });
    }

    /** Polls until {@code last} shows up, then a little longer so that stragglers arrive too. */
    private void collectUntil(TcptopProbes probes, Predicate<Captured> last) {
        collector.pollUntil(probes.ringBuffer(), Duration.ofSeconds(5),
                records -> records.stream().anyMatch(last), "the last expected record");
        probes.ringBuffer().poll(50, collector);
        probes.ringBuffer().drain(collector);
    }

    private static long bytesOfThisProcess(List<Captured> records, int direction, int protocol) {
        return records.stream().filter(r -> r.isData() && r.tgid() == ThisThread.pid() && r.direction() == direction
                && r.protocol() == protocol).mapToLong(Captured::bytes).sum();
    }

    /** Another process's traffic: bash writes to /dev/udp and /dev/tcp with connect + write. */
    private static long runBash(String script) throws IOException, InterruptedException {
        if (!Files.isExecutable(BASH)) {
            KernelTestSupport.unavailable(BASH + " is needed to make traffic from another process");
        }
        Process process = new ProcessBuilder(BASH.toString(), "-c", script).inheritIO().start();
        assertTrue(process.waitFor(5, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, process.exitValue(), "bash failed: " + script);
        return process.pid();
    }

    private static void tcpExchange(int bytes) throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                 SocketChannel accepted = listener.accept()) {
                client.write(ByteBuffer.allocate(bytes));
                accepted.read(ByteBuffer.allocate(bytes));
            }
        }
    }

    private static DatagramChannel udpServer() throws IOException {
        return DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LOOPBACK, 0));
    }

    private static DatagramChannel udpClient() throws IOException {
        return udpServer();
    }

    private static int port(SocketAddress address) {
        return ((InetSocketAddress) address).getPort();
    }
}
