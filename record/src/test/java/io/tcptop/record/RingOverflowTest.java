package io.tcptop.record;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelTestSupport;
import io.tcptop.replay.ReplayCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A ring far too small for a burst: the kernel's drops reach the journal as LOSS, and replay shows them. */
class RingOverflowTest {
  @TempDir Path tmp;

  @Test
  void droppedEventsAreCountedWrittenAndShown() throws Exception {
    KernelTestSupport.requireKernel();
    Path journal = tmp.resolve("j");
    StringWriter recordErr = new StringWriter();
    CompletableFuture<Integer> rec = CompletableFuture.supplyAsync(() -> {
      CommandLine cl = new CommandLine(new RecordCommand());
      cl.setErr(new PrintWriter(recordErr));
      return cl.execute("-o", journal.toString(), "--duration", "3s", "--ring-size", "4K", "--udp");
    });
    while (!Files.exists(journal.resolve("metadata.cq4t")) && !rec.isDone()) {
      Thread.sleep(20);
    }
    Thread.sleep(300);
    LoopbackTraffic.udpConnected("127.0.0.1", 16, 20_000);
    assertEquals(0, rec.get(), recordErr.toString());
    Matcher m = Pattern.compile("(\\d+) lost").matcher(recordErr.toString());
    assertTrue(m.find(), recordErr.toString());
    long lost = Long.parseLong(m.group(1));
    assertTrue(lost > 0, "a 4 KiB ring must overflow under 80,000 events: " + recordErr);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine replay = new CommandLine(new ReplayCommand());
    replay.setOut(new PrintWriter(out));
    replay.setErr(new PrintWriter(err));
    assertEquals(0, replay.execute(journal.toString()));
    assertTrue(err.toString().contains(lost + " events lost"), err + " vs recorder: " + recordErr);
    assertTrue(out.toString().contains("LOST"), out.toString());
  }
}
