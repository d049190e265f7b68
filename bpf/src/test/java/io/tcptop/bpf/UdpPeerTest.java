package io.tcptop.bpf;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peer of every datagram an unconnected UDP server receives and sends, as the kernel
 * records it: a server written like a C server (recvfrom, sendto, through libc), on IPv4, IPv6
 * and a dual-stack IPv6 socket, bound before and after the probes attached, served by one
 * thread or by two at once.
 */
class UdpPeerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InetAddress V4 = address("127.0.0.1");
    private static final InetAddress V6 = address("::1");
    private static final InetAddress MAPPED_V4 = mapped(V4);
    private static TcptopProbes probes;
    private static PosixUdp earlyV4;
    private static PosixUdp earlyV6;
    private static PosixUdp earlyDual;
    private final RecordCollector collector = new RecordCollector();

    @BeforeAll
    static void bindSomeServersThenAttach() throws IOException {
        KernelTestSupport.requireKernel();
        earlyV4 = PosixUdp.bound(PosixUdp.AF_INET, new InetSocketAddress(V4, 0));
        earlyV6 = PosixUdp.bound(PosixUdp.AF_INET6, new InetSocketAddress(V6, 0));
        earlyDual = PosixUdp.bound(PosixUdp.AF_INET6, new InetSocketAddress(address("::"), 0));
        probes = TcptopProbes.open(ProbeConfig.defaults().withRingSizeBytes(32 << 20), line -> { });
    }

    @AfterAll
    static void closeAll() {
        for (AutoCloseable c : new AutoCloseable[] {probes, earlyV4, earlyV6, earlyDual}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void forgetEarlierRecords() {
        collector.discardQueued(probes.ringBuffer());
    }

    /** A server socket and where its clients live. */
    enum Server {
        V4_BOUND_BEFORE_ATTACH(V4, V4), V4_BOUND_AFTER_ATTACH(V4, V4),
        V6_BOUND_BEFORE_ATTACH(V6, V6), V6_BOUND_AFTER_ATTACH(V6, V6),
        DUAL_STACK_V4_CLIENTS_BOUND_BEFORE_ATTACH(address("::"), V4),
        DUAL_STACK_V4_CLIENTS_BOUND_AFTER_ATTACH(address("::"), V4),
        DUAL_STACK_V6_CLIENTS(address("::"), V6);

        final InetAddress bind;
        final InetAddress clients;

        Server(InetAddress bind, InetAddress clients) {
            this.bind = bind;
            this.clients = clients;
        }

        PosixUdp open() throws IOException {
            return switch (this) {
                case V4_BOUND_BEFORE_ATTACH -> earlyV4;
                case V6_BOUND_BEFORE_ATTACH -> earlyV6;
                case DUAL_STACK_V4_CLIENTS_BOUND_BEFORE_ATTACH -> earlyDual;
                default -> PosixUdp.bound(family(bind), new InetSocketAddress(bind, 0));
            };
        }

        /** The peer address the server's socket sees: a v4 client of a v6 socket is v4-mapped. */
        InetAddress peerAsSeen() {
            return family(bind) == PosixUdp.AF_INET6 && clients == V4 ? MAPPED_V4 : clients;
        }
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void aRecvfromServerNamesTheExactSenderOfEveryDatagramItReceivesAndAnswers(Server kind) throws IOException {
        PosixUdp server = kind.open();
        int serverPort = server.local().getPort();
        InetSocketAddress to = new InetSocketAddress(kind.clients, serverPort);
        int a;
        int b;
        List<String> expected = new ArrayList<>();
        try (PosixUdp clientA = PosixUdp.bound(family(kind.clients), new InetSocketAddress(kind.clients, 0));
             PosixUdp clientB = PosixUdp.bound(family(kind.clients), new InetSocketAddress(kind.clients, 0))) {
            a = clientA.local().getPort();
            b = clientB.local().getPort();
            int[] sizes = {100, 200, 300};
            PosixUdp[] senders = {clientA, clientB, clientA};
            for (int i = 0; i < 3; i++) {
                assertEquals(sizes[i], senders[i].sendTo(sizes[i], to));
                InetSocketAddress sender = server.receiveFrom();
                int port = senders[i] == clientA ? a : b;
                assertEquals(new InetSocketAddress(kind.peerAsSeen(), port), sender, "what recvfrom said");
                assertEquals(7 + i, server.sendTo(7 + i, sender));
                senders[i].receiveFrom();
                expected.add("RECV " + sizes[i] + " from " + kind.peerAsSeen().getHostAddress() + " port " + port);
                expected.add("SEND " + (7 + i) + " to " + kind.peerAsSeen().getHostAddress() + " port " + port);
            }
        } finally {
            if (server != earlyV4 && server != earlyV6 && server != earlyDual) {
                server.close();
            }
        }
        List<Captured> records = awaitReleaseOf(a, b);

        List<Captured> ofServer = dataOf(records, serverPort);
        assertEquals(expected, ofServer.stream().map(UdpPeerTest::describe).toList(), () -> dump(records));
        assertTrue(ofServer.stream().allMatch(r -> r.isSocket()
                        && (r.reason() & KernelRecord.REASON_UNCONNECTED) != 0),
                () -> "every record of an unconnected socket names its own peer: " + dump(records));
    }

    /**
     * One thread receives from a client while two others send to two sinks through the same
     * socket, as a server with a receiving thread and replying threads does. Each datagram keeps
     * its own peer, never another thread's or none.
     */
    @Test
    void threadsSharingOneSocketEachRecordTheirOwnPeer() throws Exception {
        int count = 10_000;
        int serverPort;
        int clientPort;
        int[] sinkPorts = new int[2];
        try (PosixUdp server = PosixUdp.bound(PosixUdp.AF_INET, new InetSocketAddress(V4, 0));
             PosixUdp client = PosixUdp.bound(PosixUdp.AF_INET, new InetSocketAddress(V4, 0));
             PosixUdp sink0 = PosixUdp.bound(PosixUdp.AF_INET, new InetSocketAddress(V4, 0));
             PosixUdp sink1 = PosixUdp.bound(PosixUdp.AF_INET, new InetSocketAddress(V4, 0))) {
            InetSocketAddress serverAddress = server.local();
            InetSocketAddress[] sinks = {sink0.local(), sink1.local()};
            serverPort = serverAddress.getPort();
            clientPort = client.local().getPort();
            AtomicInteger received = new AtomicInteger();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            CompletableFuture<Void> receiving = new CompletableFuture<>();
            done.add(receiving);
            threads.add(Thread.ofPlatform().start(() -> complete(receiving, () -> {
                for (int i = 0; i < count; i++) {
                    server.receiveFrom();
                    received.incrementAndGet();
                }
            })));
            for (int s = 0; s < 2; s++) {
                InetSocketAddress sink = sinks[s];
                sinkPorts[s] = sink.getPort();
                CompletableFuture<Void> sending = new CompletableFuture<>();
                done.add(sending);
                threads.add(Thread.ofPlatform().start(() -> complete(sending, () -> {
                    for (int i = 0; i < count; i++) {
                        server.sendTo(20, sink);
                    }
                })));
            }
            for (int i = 0; i < count; i++) {
                client.sendTo(10, serverAddress);
                while (i - received.get() > 100 && !receiving.isDone()) {
                    Thread.onSpinWait(); // stay within the server's receive buffer
                }
            }
            for (int t = 0; t < threads.size(); t++) {
                done.get(t).get();
                threads.get(t).join();
            }
        }
        List<Captured> records = awaitReleaseOf(clientPort, serverPort);

        List<Captured> ofServer = dataOf(records, serverPort);
        List<String> wrong = new ArrayList<>();
        long fromClient = 0;
        long toSinks = 0;
        Captured facts = null;
        for (Captured r : ofServer) {
            // as a reader attributes them: a compact record to the latest facts in the ring
            facts = r.isSocket() ? r : facts;
            boolean recv = r.direction() == KernelRecord.DIRECTION_RECV;
            int port = facts.remotePort();
            boolean right = V4.equals(facts.remoteAddress())
                    && (recv ? port == clientPort : port == sinkPorts[0] || port == sinkPorts[1]);
            if (!right) {
                wrong.add(describe(r) + " (attributed to port " + port + ")");
            } else if (recv) {
                fromClient += r.bytes();
            } else {
                toSinks += r.bytes();
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())),
                wrong.size() + " of " + ofServer.size() + " records name another peer or none");
        assertEquals(10L * count, fromClient);
        assertEquals(2 * 20L * count, toSinks);
        // A compact record would lean on the latest facts in the ring, which another thread
        // may have written a moment before for its own peer.
        assertEquals(0, ofServer.stream().filter(r -> !r.isSocket()).count(), "compact records");
    }

    private interface Work {
        void run() throws IOException;
    }

    private static void complete(CompletableFuture<Void> done, Work work) {
        try {
            work.run();
            done.complete(null);
        } catch (Throwable t) {
            done.completeExceptionally(t);
        }
    }

    /**
     * recv(), or recvfrom without an address, runs no cgroup hook: nothing in the kernel shows
     * tcptop its sender, and the record says so (the unspecified address, port 0). It must not
     * take the peer of an earlier call that failed after its hook ran.
     */
    @Test
    void aReceiveThatAsksForNoSenderNeverTakesAnotherCallsPeer() throws IOException {
        int serverPort;
        int clientPort;
        try (PosixUdp server = PosixUdp.bound(PosixUdp.AF_INET, new InetSocketAddress(V4, 0));
             PosixUdp client = PosixUdp.bound(PosixUdp.AF_INET, new InetSocketAddress(V4, 0))) {
            serverPort = server.local().getPort();
            clientPort = client.local().getPort();
            // Limited broadcast without SO_BROADCAST fails after the sendmsg hook saw the address.
            long failed = server.sendTo(5, new InetSocketAddress(address("255.255.255.255"), 9));
            assertTrue(failed < 0, "the send to the broadcast address should fail, returned " + failed);
            client.sendTo(33, new InetSocketAddress(V4, serverPort));
            assertEquals(33, server.receiveAnonymously());
        }
        List<Captured> records = awaitReleaseOf(clientPort);

        assertEquals(List.of("RECV 33 from 0.0.0.0 port 0"), dataOf(records, serverPort).stream()
                .map(UdpPeerTest::describe).toList(), () -> dump(records));
    }

    private List<Captured> awaitReleaseOf(int... ports) {
        collector.pollUntil(probes.ringBuffer(), WAIT, records -> {
            for (int port : ports) {
                long cookie = cookieOf(records, port);
                if (cookie == 0 || records.stream().noneMatch(r -> r.isRelease() && r.cookie() == cookie)) {
                    return false;
                }
            }
            return true;
        }, "release of the sockets on ports " + java.util.Arrays.toString(ports));
        probes.ringBuffer().drain(collector);
        return List.copyOf(collector.records());
    }

    private static long cookieOf(List<Captured> records, int localPort) {
        return records.stream().filter(r -> r.isSocket() && r.tgid() == ThisThread.pid() && r.localPort() == localPort)
                .map(Captured::cookie).findFirst().orElse(0L);
    }

    /** The data records of this process's socket on {@code localPort}, in ring order. */
    private static List<Captured> dataOf(List<Captured> records, int localPort) {
        long cookie = cookieOf(records, localPort);
        assertTrue(cookie != 0, () -> "no record of the socket on port " + localPort + ": " + dump(records));
        return records.stream().filter(r -> r.isData() && r.cookie() == cookie).toList();
    }

    private static String describe(Captured r) {
        boolean recv = r.direction() == KernelRecord.DIRECTION_RECV;
        String peer = r.isSocket() ? r.remoteAddress().getHostAddress() + " port " + r.remotePort() : "(compact record)";
        return (recv ? "RECV " : "SEND ") + r.bytes() + (recv ? " from " : " to ") + peer;
    }

    private static String dump(List<Captured> records) {
        return records.stream().filter(r -> !r.isData() || r.tgid() == ThisThread.pid()).map(Captured::toString)
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    private static int family(InetAddress address) {
        return address.getAddress().length == 4 ? PosixUdp.AF_INET : PosixUdp.AF_INET6;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress mapped(InetAddress v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        try {
            return java.net.Inet6Address.getByAddress(null, b, -1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
