package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.bpf.KernelTestSupport;
import io.tcptop.fixtures.JournalCopy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures a real recording of loopback traffic as the fixture {@code fixtures/recorded-loopback}
 * (only with -Dtcptop.captureFixtures=true; see fixtures/README.md). Checks that the committed
 * copy replays to exactly what the live view printed.
 */
class RecordedFixtureCapture {
  @TempDir Path tmp;

  @Test
  void captureRecordedLoopbackFixture() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("tcptop.captureFixtures"), "fixture capture not requested");
    KernelTestSupport.requireKernel();
    Path journal = tmp.resolve("journal");
    CompletableFuture<Cli.Result> rec = CompletableFuture.supplyAsync(() -> Cli.run("record", "-o", journal.toString(),
        "--duration", "4s", "--live", "--pid", Long.toString(ProcessHandle.current().pid())));
    while (!Files.exists(journal.resolve("metadata.cq4t"))) {
      Thread.sleep(20);
    }
    Thread.sleep(300);
    Thread t = new Thread(() -> {
      try {
        for (int i = 1; i <= 3; i++) {
          LoopbackTraffic.tcp("127.0.0.1", 1000 * i * i, 100 * i);
          LoopbackTraffic.tcp("::1", 4096 * i, 10 * i);
          LoopbackTraffic.udpConnected("127.0.0.1", 512, i);
          InetAddress lo = InetAddress.getByName("127.0.0.1");
          try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lo, 0));
               DatagramSocket r = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            LoopbackTraffic.udpUnconnected(s, r, 100 + i);
          }
          Thread.sleep(700);
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    }, "fixture-traffic");
    t.start();
    t.join();
    Cli.Result recorded = rec.get();
    assertEquals(0, recorded.exit(), recorded.err());
    Path fixture = Path.of(System.getProperty("tcptop.repoRoot")).resolve("fixtures/recorded-loopback");
    JournalCopy.copy(journal, fixture);
    Cli.Result replayed = Cli.run("replay", fixture.toString());
    assertEquals(0, replayed.exit(), replayed.err());
    assertEquals(recorded.out(), replayed.out());
  }
}
