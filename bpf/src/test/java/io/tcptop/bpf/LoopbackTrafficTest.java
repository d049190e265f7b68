package io.tcptop.bpf;

import io.tcptop.event.TcpState;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test moves known byte counts over loopback and checks that the records add up to
 * exactly those counts per socket, with the right process, thread, ports, peers and states.
 */
class LoopbackTrafficTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<String> LIBBPF_LOG = new ArrayList<>();
    private static TcptopProbes probes;
    private final RecordCollector collector = new RecordCollector();

    /** Opened once for the class, by the first test that may run (so each one counts as skipped). */
    @BeforeEach
    void openProbesOnce() {
        KernelTestSupport.requireKernel();
        if (probes == null) {
            probes = TcptopProbes.open(ProbeConfig.defaults().withRingSizeBytes(16 << 20), LIBBPF_LOG::add);
        }
        collector.discardQueued(probes.ringBuffer());
    }

    @AfterAll
    static void closeProbes() {
        if (probes != null) {
            probes.close();
            probes = null;
        }
    }

    @Test
    void attachesEveryProgram() {
        assertEquals(List.of("handle_sock_send_length", "handle_sock_recv_length", "handle_inet_sock_set_state",
                "handle_sendmsg4", "handle_sendmsg6", "handle_recvmsg4", "handle_recvmsg6", "handle_sock_release"),
                probes.attachedPrograms());
        assertEquals(0, probes.lostRecords());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void tcpCountsEveryByteBothWaysAndFollowsTheConnectionToClose(String host) throws IOException {
        InetAddress loopback = InetAddress.getByName(host);
        int clientPort;
        int serverPort;
        try (ServerSocketChannel server = ServerSocketChannel.open(family(loopback))) {
            server.bind(new InetSocketAddress(loopback, 0));
            serverPort = port(server.getLocalAddress());
            try (SocketChannel client = SocketChannel.open(family(loopback));
                 SocketChannel accepted = connect(client, server)) {
                clientPort = port(client.getLocalAddress());
                send(client, 1000, 1500, 500);
                receive(accepted, 3000);
                send(accepted, 4096, 904);
                receive(client, 5000);
            }
        }
        Flows flows = awaitFlows(r -> r.isState() && r.newState() == TcpState.CLOSE.kernelNumber()
                && (r.localPort() == clientPort || r.localPort() == serverPort), 2);

        long client = flows.cookieOf(KernelRecord.PROTO_TCP, clientPort, serverPort);
        long accepted = flows.cookieOf(KernelRecord.PROTO_TCP, serverPort, clientPort);
        flows.assertTotals(client, 3000, 5000);
        flows.assertTotals(accepted, 5000, 3000);
        flows.assertOwnedByThisThread(client, loopback, clientPort, serverPort);
        flows.assertOwnedByThisThread(accepted, loopback, serverPort, clientPort);
        assertTrue(flows.lastData(client).srttMicros() > 0, () -> "srtt of client: " + flows);
        assertTrue(flows.lastData(accepted).srttMicros() > 0, () -> "srtt of accepted: " + flows);

        flows.assertState(client, TcpState.SYN_SENT.kernelNumber(), TcpState.ESTABLISHED.kernelNumber(), clientPort, serverPort);
        flows.assertState(accepted, TcpState.SYN_RECV.kernelNumber(), TcpState.ESTABLISHED.kernelNumber(), serverPort, clientPort);
        // the accepted socket starts as a copy of its listener: its birth is LISTEN -> SYN_RECV
        flows.assertState(accepted, TcpState.LISTEN.kernelNumber(), TcpState.SYN_RECV.kernelNumber(), serverPort, clientPort);
        // the listener itself is no connection: neither listen() nor its close is recorded
        assertTrue(flows.all().stream().noneMatch(r -> r.isState() && r.localPort() == serverPort && r.remotePort() == 0
                        && r.cookie() != accepted),
                () -> "a listener's state change: " + flows);
        Captured clientClose = flows.stateTo(client, TcpState.CLOSE.kernelNumber());
        Captured acceptedClose = flows.stateTo(accepted, TcpState.CLOSE.kernelNumber());
        assertEquals(clientPort, clientClose.localPort(), "local port at CLOSE comes from inet_sport");
        assertEquals(serverPort, acceptedClose.localPort());
        // the kernel counts in sequence space: SYN and FIN take one each
        assertEquals(3000 + 2, clientClose.bytesAcked(), () -> "client close: " + clientClose);
        assertEquals(5000 + 1, clientClose.bytesReceived(), () -> "client close: " + clientClose);
        assertEquals(5000 + 1, acceptedClose.bytesAcked(), () -> "accepted close: " + acceptedClose);
        assertEquals(3000 + 1, acceptedClose.bytesReceived(), () -> "accepted close: " + acceptedClose);
        assertTrue(clientClose.srttMicros() > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void connectedUdpCountsEveryDatagramAndEndsWithRelease(String host) throws IOException {
        InetAddress loopback = InetAddress.getByName(host);
        int portA;
        int portB;
        try (DatagramChannel a = DatagramChannel.open(family(loopback));
             DatagramChannel b = DatagramChannel.open(family(loopback))) {
            a.bind(new InetSocketAddress(loopback, 0));
            b.bind(new InetSocketAddress(loopback, 0));
            a.connect(b.getLocalAddress());
            b.connect(a.getLocalAddress());
            portA = port(a.getLocalAddress());
            portB = port(b.getLocalAddress());
            a.write(ByteBuffer.allocate(100));
            a.write(ByteBuffer.allocate(200));
            receiveDatagrams(b, 2);
            b.write(ByteBuffer.allocate(700));
            receiveDatagrams(a, 1);
        }
        Flows flows = awaitFlows(r -> r.isRelease(), 2);

        long a = flows.cookieOf(KernelRecord.PROTO_UDP, portA, portB);
        long b = flows.cookieOf(KernelRecord.PROTO_UDP, portB, portA);
        flows.assertTotals(a, 300, 700);
        flows.assertTotals(b, 700, 300);
        flows.assertOwnedByThisThread(a, loopback, portA, portB);
        flows.assertOwnedByThisThread(b, loopback, portB, portA);
        assertTrue(flows.released(a) && flows.released(b), () -> "release records: " + flows);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void unconnectedUdpReportsThePeerOfEachSendtoAndRecvfrom(String host) throws IOException {
        InetAddress loopback = InetAddress.getByName(host);
        int clientPort;
        int serverPort;
        try (DatagramChannel client = DatagramChannel.open(family(loopback));
             DatagramChannel server = DatagramChannel.open(family(loopback))) {
            client.bind(new InetSocketAddress(loopback, 0));
            server.bind(new InetSocketAddress(loopback, 0));
            clientPort = port(client.getLocalAddress());
            serverPort = port(server.getLocalAddress());
            client.send(ByteBuffer.allocate(120), server.getLocalAddress());
            client.send(ByteBuffer.allocate(80), server.getLocalAddress());
            var sender = server.receive(ByteBuffer.allocate(2048));
            server.receive(ByteBuffer.allocate(2048));
            server.send(ByteBuffer.allocate(333), sender);
            client.receive(ByteBuffer.allocate(2048));
        }
        Flows flows = awaitFlows(r -> r.isRelease(), 2);

        long client = flows.cookieOf(KernelRecord.PROTO_UDP, clientPort, serverPort);
        long server = flows.cookieOf(KernelRecord.PROTO_UDP, serverPort, clientPort);
        flows.assertTotals(client, 200, 333);
        flows.assertTotals(server, 333, 200);
        flows.assertOwnedByThisThread(client, loopback, clientPort, serverPort);
        flows.assertOwnedByThisThread(server, loopback, serverPort, clientPort);
    }

    @Test
    void dualStackUdpReportsIpv4PeersAsMappedIpv6() throws IOException {
        // Java's default sockets are AF_INET6 accepting IPv4: the kernel runs the v4 hook then
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        InetAddress ipv4 = InetAddress.getByName("127.0.0.1");
        int clientPort;
        int serverPort;
        try (DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET6);
             DatagramChannel server = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            client.bind(new InetSocketAddress(0));
            server.bind(new InetSocketAddress(0));
            clientPort = port(client.getLocalAddress());
            serverPort = port(server.getLocalAddress());
            client.send(ByteBuffer.allocate(50), new InetSocketAddress(ipv4, serverPort));
            var sender = server.receive(ByteBuffer.allocate(2048));
            server.send(ByteBuffer.allocate(60), sender);
            client.receive(ByteBuffer.allocate(2048));
        }
        Flows flows = awaitFlows(r -> r.isRelease(), 2);

        long client = flows.cookieOf(KernelRecord.PROTO_UDP, clientPort, serverPort);
        long server = flows.cookieOf(KernelRecord.PROTO_UDP, serverPort, clientPort);
        flows.assertTotals(client, 50, 60);
        flows.assertTotals(server, 60, 50);
        for (Captured r : flows.all()) {
            if (r.isSocket() && (r.cookie() == client || r.cookie() == server)) {
                assertEquals(KernelRecord.AF_INET6, r.family(), r::toString);
                assertArrayEquals(mapped, r.remoteAddressBytes(), r::toString);
            }
        }
    }

    @Test
    void unconnectedUdpNamesThePeerInEveryRecord() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int first;
        int second;
        int clientPort;
        try (DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET);
             DatagramChannel one = DatagramChannel.open(StandardProtocolFamily.INET);
             DatagramChannel two = DatagramChannel.open(StandardProtocolFamily.INET)) {
            client.bind(new InetSocketAddress(loopback, 0));
            one.bind(new InetSocketAddress(loopback, 0));
            two.bind(new InetSocketAddress(loopback, 0));
            clientPort = port(client.getLocalAddress());
            first = port(one.getLocalAddress());
            second = port(two.getLocalAddress());
            client.send(ByteBuffer.allocate(10), one.getLocalAddress());
            client.send(ByteBuffer.allocate(20), one.getLocalAddress());
            client.send(ByteBuffer.allocate(40), two.getLocalAddress());
            client.send(ByteBuffer.allocate(80), one.getLocalAddress());
        }
        Flows flows = awaitFlows(r -> r.isRelease(), 1);

        List<Captured> sends = flows.all.stream()
                .filter(r -> r.isData() && r.tgid() == ThisThread.pid() && r.direction() == KernelRecord.DIRECTION_SEND)
                .filter(r -> flows.cookieOfAny(r.cookie()).map(s -> s.localPort() == clientPort).orElse(false))
                .toList();
        assertEquals(List.of(10L, 20L, 40L, 80L), sends.stream().map(Captured::bytes).toList(), flows::toString);
        // threads sharing the socket may talk to different peers at once: no compact records
        assertEquals(List.of(true, true, true, true), sends.stream().map(Captured::isSocket).toList(), flows::toString);
        assertEquals(List.of(first, first, second, first),
                sends.stream().map(Captured::remotePort).toList(), flows::toString);
        int unconnected = KernelRecord.REASON_UNCONNECTED;
        assertEquals(List.of(KernelRecord.REASON_FIRST | unconnected, unconnected,
                        KernelRecord.REASON_PEER_CHANGED | unconnected, KernelRecord.REASON_PEER_CHANGED | unconnected),
                sends.stream().map(Captured::reason).toList(), flows::toString);
    }

    private Flows awaitFlows(java.util.function.Predicate<Captured> endMarker, int count) {
        collector.pollUntil(probes.ringBuffer(), WAIT,
                records -> records.stream().filter(endMarker).count() >= count, count + " end records");
        probes.ringBuffer().drain(collector);
        return new Flows(List.copyOf(collector.records()));
    }

    /** The records seen, grouped by what a reader would key them by: the socket cookie. */
    private record Flows(List<Captured> all) {
        /** The cookie of our socket with these ports, from its facts. */
        long cookieOf(int protocol, int localPort, int remotePort) {
            return all.stream()
                    .filter(r -> r.isSocket() && r.tgid() == ThisThread.pid() && r.protocol() == protocol
                            && r.localPort() == localPort && r.remotePort() == remotePort)
                    .map(Captured::cookie).findFirst()
                    .orElseThrow(() -> new AssertionError("no socket record " + localPort + ">" + remotePort + " in " + this));
        }

        Optional<Captured> cookieOfAny(long cookie) {
            return all.stream().filter(r -> r.isSocket() && r.cookie() == cookie).findFirst();
        }

        void assertTotals(long cookie, long sent, long received) {
            Map<Integer, Long> byDirection = all.stream().filter(r -> r.isData() && r.cookie() == cookie)
                    .collect(Collectors.groupingBy(Captured::direction, Collectors.summingLong(Captured::bytes)));
            assertEquals(sent, byDirection.getOrDefault(KernelRecord.DIRECTION_SEND, 0L), () -> "sent on " + cookie + ": " + this);
            assertEquals(received, byDirection.getOrDefault(KernelRecord.DIRECTION_RECV, 0L), () -> "received on " + cookie + ": " + this);
        }

        void assertOwnedByThisThread(long cookie, InetAddress loopback, int localPort, int remotePort) {
            int family = loopback.getAddress().length == 4 ? KernelRecord.AF_INET : KernelRecord.AF_INET6;
            for (Captured r : all) {
                if (!r.isData() || r.cookie() != cookie) {
                    continue;
                }
                assertEquals(ThisThread.pid(), r.tgid(), () -> "pid of " + r);
                assertEquals(ThisThread.tid(), r.tid(), () -> "tid of " + r);
                assertEquals(family, r.family(), () -> "family of " + r);
                if (r.isSocket()) {
                    assertEquals(ThisThread.comm(), r.comm(), () -> "comm of " + r);
                    assertEquals(localPort, r.localPort(), () -> "local port of " + r);
                    assertEquals(remotePort, r.remotePort(), () -> "remote port of " + r);
                    assertEquals(loopback, r.localAddress(), () -> "local address of " + r);
                    assertEquals(loopback, r.remoteAddress(), () -> "remote address of " + r);
                }
            }
        }

        Captured lastData(long cookie) {
            return all.stream().filter(r -> r.isData() && r.cookie() == cookie).reduce((a, b) -> b).orElseThrow();
        }

        Captured stateTo(long cookie, int state) {
            return all.stream().filter(r -> r.isState() && r.cookie() == cookie && r.newState() == state).findFirst()
                    .orElseThrow(() -> new AssertionError("no change to " + TcpState.name(state) + " of " + cookie + " in " + this));
        }

        void assertState(long cookie, int from, int to, int localPort, int remotePort) {
            Captured change = stateTo(cookie, to);
            assertEquals(from, change.oldState(), () -> "state change " + change);
            assertEquals(localPort, change.localPort(), () -> "local port of " + change);
            assertEquals(remotePort, change.remotePort(), () -> "remote port of " + change);
        }

        boolean released(long cookie) {
            return all.stream().anyMatch(r -> r.isRelease() && r.cookie() == cookie);
        }

        @Override
        public String toString() {
            return all.stream().filter(r -> !r.isData() || r.tgid() == ThisThread.pid()).map(Captured::toString)
                    .collect(Collectors.joining("\n  ", "\n  ", ""));
        }
    }

    private static ProtocolFamily family(InetAddress address) {
        return address.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    private static int port(java.net.SocketAddress address) {
        return ((InetSocketAddress) address).getPort();
    }

    private static SocketChannel connect(SocketChannel client, ServerSocketChannel server) throws IOException {
        client.connect(server.getLocalAddress());
        return server.accept();
    }

    private static void send(SocketChannel channel, int... chunks) throws IOException {
        for (int chunk : chunks) {
            ByteBuffer buffer = ByteBuffer.allocate(chunk);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static void receive(SocketChannel channel, int total) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(total);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("EOF after " + buffer.position() + " of " + total + " bytes");
            }
        }
    }

    private static void receiveDatagrams(DatagramChannel channel, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            channel.read(ByteBuffer.allocate(2048));
        }
    }
}
