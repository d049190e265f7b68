package io.tcptop.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.bpf.KernelTestSupport;
import io.tcptop.bpf.ProbeConfig;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource;
import io.tcptop.event.Flow;
import io.tcptop.journal.JournalSource;
import io.tcptop.journal.JournalWriter;
import io.tcptop.stream.Tee;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One consumer, written against {@link EventSource} only, runs on the live recording and then on
 * the journal that recording wrote, and hears the same stream from both.
 */
class SameConsumerOnBothSourcesTest {
  @TempDir Path tmp;

  /** The consumer: every event as one line of text, in order. */
  static final class EventLog implements EventHandler {
    final List<String> lines = new ArrayList<>();
    EventSource.Outcome outcome;

    @Override
    public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
      lines.add(tsNs + " " + direction + " flow " + flow.id() + " " + bytes);
    }

    @Override
    public void onEvent(Event event) {
      lines.add(event.toString());
    }

    /** Runs on any source, never asking which one it has. */
    static EventLog of(EventSource source, EventHandler alsoTo) {
      EventLog log = new EventLog();
      log.outcome = source.forEach(alsoTo == null ? log : new Tee(alsoTo, log));
      return log;
    }
  }

  @Test
  void liveSourceAndItsJournalHandOverTheSameEvents() throws Exception {
    KernelTestSupport.requireKernel();
    int pid = (int) ProcessHandle.current().pid();
    AtomicBoolean stop = new AtomicBoolean();
    var options = new LiveSource.Options(ProbeConfig.defaults().withPids(Set.of(pid)), 200_000_000L, 0,
        "--pid " + pid, stop::get, line -> { });
    Path journal = tmp.resolve("j");
    EventLog live;
    try (LiveSource source = LiveSource.open(options);
         JournalWriter writer = JournalWriter.create(journal, JournalWriter.Options.defaults())) {
      CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
        try {
          Thread.sleep(300);
          exchange(3_000, 1_000);
          Thread.sleep(300);
        } catch (Exception e) {
          throw new RuntimeException(e);
        } finally {
          stop.set(true);
        }
      });
      live = EventLog.of(source, writer);
      traffic.join();
    }
    EventLog replayed;
    try (JournalSource source = JournalSource.open(journal)) {
      replayed = EventLog.of(source, null);
    }
    assertTrue(live.lines.stream().anyMatch(l -> l.contains(" SEND ") && l.endsWith(" 3000")), String.join("\n", live.lines));
    assertEquals(live.lines, replayed.lines);
    assertEquals(live.lines.size(), live.outcome.records(), "the live source counts what it hands over");
    assertEquals(live.outcome, replayed.outcome);
  }

  /** A loopback TCP exchange: the client sends {@code up} bytes, the server answers {@code down}. */
  private static void exchange(int up, int down) throws Exception {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 1, lo);
         Socket client = new Socket()) {
      client.connect(new InetSocketAddress(lo, server.getLocalPort()));
      try (Socket accepted = server.accept()) {
        OutputStream out = client.getOutputStream();
        out.write(new byte[up]);
        out.flush();
        accepted.getInputStream().readNBytes(up);
        accepted.getOutputStream().write(new byte[down]);
        InputStream in = client.getInputStream();
        in.readNBytes(down);
      }
    }
  }
}
