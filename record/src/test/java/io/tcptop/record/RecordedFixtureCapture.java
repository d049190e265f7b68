package io.tcptop.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.bpf.KernelTestSupport;
import io.tcptop.fixtures.JournalCopy;
import io.tcptop.replay.ReplayCommand;
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
import picocli.CommandLine;

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
    StringWriter live = new StringWriter();
    CompletableFuture<Integer> rec = CompletableFuture.supplyAsync(() -> {
      CommandLine cl = new CommandLine(new RecordCommand());
      cl.setOut(new PrintWriter(live));
      return cl.execute("-o", journal.toString(), "--duration", "4s", "--live", "--pid", Long.toString(ProcessHandle.current().pid()));
    });
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
    assertEquals(0, rec.get());
    Path fixture = Path.of(System.getProperty("tcptop.repoRoot")).resolve("fixtures/recorded-loopback");
    JournalCopy.copy(journal, fixture);
    StringWriter out = new StringWriter();
    CommandLine replay = new CommandLine(new ReplayCommand());
    replay.setOut(new PrintWriter(out));
    assertEquals(0, replay.execute(fixture.toString()));
    assertEquals(live.toString(), out.toString());
  }
}
