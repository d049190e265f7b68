package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ring far too small for a burst: the kernel's drops reach the journal as LOSS, and replay shows them. */
class RingOverflowTest {
  @TempDir Path tmp;

  @Test
  void droppedEventsAreCountedWrittenAndShown() throws Exception {
    KernelTestSupport.requireKernel();
    Path journal = tmp.resolve("j");
    CompletableFuture<Cli.Result> rec = CompletableFuture.supplyAsync(
        () -> Cli.run("record", "-o", journal.toString(), "--duration", "3s", "--ring-size", "4K", "--udp"));
    while (!Files.exists(journal.resolve("metadata.cq4t")) && !rec.isDone()) {
      Thread.sleep(20);
    }
    Thread.sleep(300);
    LoopbackTraffic.udpConnected("127.0.0.1", 16, 20_000);
    Cli.Result recorded = rec.get();
    String recordErr = recorded.err();
    assertEquals(0, recorded.exit(), recordErr);
    Matcher m = Pattern.compile("(\\d+) lost").matcher(recordErr);
    assertTrue(m.find(), recordErr.toString());
    long lost = Long.parseLong(m.group(1));
    assertTrue(lost > 0, "a 4 KiB ring must overflow under 80,000 events: " + recordErr);

    Cli.Result replayed = Cli.run("replay", journal.toString());
    assertEquals(0, replayed.exit(), replayed.err());
    assertTrue(replayed.err().contains(lost + " events lost"), replayed.err() + " vs recorder: " + recordErr);
    assertTrue(replayed.out().contains("LOST"), replayed.out());
  }
}
