package io.tcptop.bpf;

import io.tcptop.bpf.ringbuf.RingBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How records get from the kernel to the reader: wakeups, timeouts and drops. */
class RingDeliveryTest {
    private final RecordCollector collector = new RecordCollector();

    @BeforeEach
    void needsKernel() {
        KernelTestSupport.requireKernel();
    }

    @Test
    void pollWaitsNoLongerThanItsTimeoutWhenNothingArrives() {
        // port 9 (discard) too: nothing of this JVM, surefire's own channel included, matches
        try (TcptopProbes probes = TcptopProbes.open(quiet().withPorts(Set.of(9)), line -> { })) {
            RingBuffer ring = probes.ringBuffer();
            ring.drain(collector);
            long start = System.nanoTime();
            assertEquals(0, ring.poll(200, collector));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 150 && millis < 2000, "poll(200) took " + millis + " ms");
        }
    }

    @Test
    void aBatchOfWakeupBytesWakesABlockedReader() throws Exception {
        try (TcptopProbes probes = TcptopProbes.open(quiet().withWakeupBytes(4096), line -> { });
             DatagramChannel socket = udpSocket()) {
            RingBuffer ring = probes.ringBuffer();
            ring.drain(collector);
            CompletableFuture<Long> wokenAfterMillis = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                ring.poll(30_000, collector);
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            });
            Thread.sleep(100); // let the reader block in epoll_wait
            for (int i = 0; i < 200; i++) { // 200 x 40-byte records cross 4096 bytes
                socket.send(ByteBuffer.allocate(10), socket.getLocalAddress());
            }
            long millis = wokenAfterMillis.get(10, TimeUnit.SECONDS);
            assertTrue(millis < 5_000, "the reader slept " + millis + " ms despite a full batch");
            assertTrue(!collector.records().isEmpty(), "woken without records");
        }
    }

    @Test
    void recordsThatDoNotFitTheRingAreCountedAsLost() throws IOException {
        int datagrams = 300;
        try (TcptopProbes probes = TcptopProbes.open(quiet().withRingSizeBytes(4096), line -> { });
             DatagramChannel socket = udpSocket()) {
            for (int i = 0; i < datagrams; i++) {
                socket.send(ByteBuffer.allocate(10), socket.getLocalAddress());
                socket.receive(ByteBuffer.allocate(10));
            }
            probes.ringBuffer().drain(collector);
            long delivered = collector.records().stream().filter(r -> r.isData() && r.tgid() == ThisThread.pid()).count();
            long lost = probes.lostRecords();
            assertTrue(delivered < 2L * datagrams, "a 4 KiB ring cannot hold " + 2 * datagrams + " records");
            assertTrue(lost >= 2L * datagrams - delivered, "lost " + lost + ", delivered " + delivered);
        }
    }

    /** Only this process's traffic, so that other activity on the machine cannot interfere. */
    private static ProbeConfig quiet() {
        return ProbeConfig.defaults().withRingSizeBytes(1 << 20).withPids(Set.of(ThisThread.pid()));
    }

    private static DatagramChannel udpSocket() throws IOException {
        return DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
}
