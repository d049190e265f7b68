package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.event.*;
import io.tcptop.fixtures.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRoundTripTest {
  @TempDir Path tmp;

  static final class Collect implements EventHandler {
    final List<Event> events = new ArrayList<>();

    @Override
    public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
      events.add(new Traffic(tsNs, flow, direction, bytes));
    }

    @Override
    public void onEvent(Event event) {
      events.add(event);
    }
  }

  @Test
  void everyRecordKindReadsBackAsWritten() {
    Path dir = tmp.resolve("j");
    SessionStart header = new SessionStart(100, "h", "k", "t", 7, 1_000_000_000L, "--tcp");
    Flow v4 = new Flow(101, 1, 42, Proto.TCP, 4, "10.1.2.3", 80, "192.168.0.1", 65535, 12, "curl");
    Flow v6 = new Flow(102, 2, 43, Proto.UDP, 6, "::ffff:127.0.0.1", 53, "2001:db8::1", 5353, 0, "");
    List<Event> written = List.of(header, v4, v6,
        new Traffic(103, v4, Direction.SEND, 1), new Traffic(104, v6, Direction.RECV, Integer.MAX_VALUE),
        new StateChange(105, v4, TcpState.SYN_SENT, TcpState.ESTABLISHED, 1L << 40, 5, 123),
        new RttSample(106, v4, 999), new Seed(107, v6, TcpState.NONE), new Tick(108),
        new Loss(109, LossCause.RING_BUFFER_FULL, 77), new FlowGone(109, 2), new SessionEnd(110, 6, 77));
    try (JournalWriter w = JournalWriter.create(dir, header, JournalWriter.Options.defaults())) {
      written.subList(1, written.size()).forEach(w::accept);
    }
    Collect c = new Collect();
    try (JournalSource r = JournalSource.open(dir)) {
      assertEquals(header, r.header());
      assertEquals(EventSource.Ending.CLEAN, r.forEach(c).ending());
    }
    assertEquals(written, c.events);
  }

  /** The record lengths that tell a batch cut short from a damaged one are the lengths the encoder writes. */
  @Test
  void recordLengthsAreWhatTheEncoderWrites() {
    SessionStart header = new SessionStart(100, "host-ü", "6.18", "tcptop 1", 7, 1_000_000_000L, "--port 80");
    Cgroup cgroup = Cgroup.of(4242, "/system.slice/docker-" + "ab".repeat(32) + ".scope/ü");
    Flow f = new Flow(101, 1, 42, Proto.TCP, 6, "2001:db8::1", 80, "::1", 65535, 12, "a-fairly-long-comm-ü",
        cgroup, 4026531840L);
    List<java.util.function.Consumer<JournalFormat.Encoder>> records = List.of(
        e -> e.header(header), e -> e.flow(f), e -> e.traffic(true, 1, 1, 5), e -> e.traffic(false, 1, 1, 5),
        e -> e.state(new StateChange(1, f, TcpState.SYN_SENT, TcpState.ESTABLISHED, 1, 2, 3)),
        e -> e.rtt(new RttSample(1, f, 9)), e -> e.seed(new Seed(1, f, TcpState.LISTEN)), e -> e.tick(1),
        e -> e.loss(new Loss(1, LossCause.RING_BUFFER_FULL, 3)), e -> e.end(new SessionEnd(1, 2, 3)),
        e -> e.forget(new FlowGone(1, 1)),
        e -> e.connection(new ConnectionSnapshot(1, f, 2, 3, 4, 5, 6, 7, TcpState.ESTABLISHED, 8, true, 9, 10, 11, 12)));
    for (int version : new int[] {2, JournalFormat.VERSION}) {
      for (var record : records) {
        JournalFormat.Encoder e = new JournalFormat.Encoder(version);
        record.accept(e);
        int length = e.seal();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(e.array(), 0, length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // A flow of version 3 comes after the CGROUP record that names its cgroup: two records.
        int pos = JournalFormat.BATCH_HEADER_BYTES;
        while (pos < length) {
          int recordLength = JournalFormat.recordLength(b, pos, version);
          assertTrue(recordLength > 0, "kind " + e.array()[pos]);
          pos += recordLength;
        }
        assertEquals(length, pos, "version " + version + ", kind " + e.array()[JournalFormat.BATCH_HEADER_BYTES]);
      }
    }
  }

  @Test
  void flowsCarryTheirCgroupAndNetnsAndEachCgroupIsNamedOncePerSession() throws Exception {
    Path dir = tmp.resolve("owners");
    SessionStart header = new SessionStart(100, "h", "k", "t", 7, 1_000_000_000L, "");
    Cgroup docker = Cgroup.of(7001, "/system.slice/docker-" + "3f".repeat(32) + ".scope");
    Cgroup gone = Cgroup.unresolved(7002);
    Flow a = new Flow(101, 1, 42, Proto.TCP, 4, "127.0.0.1", 8080, "127.0.0.1", 40000, 12, "srv", docker, 4026532001L);
    Flow b = new Flow(102, 2, 43, Proto.TCP, 4, "127.0.0.1", 8080, "127.0.0.1", 40000, 13, "srv", docker, 4026532002L);
    Flow c = new Flow(103, 3, 44, Proto.UDP, 4, "10.0.0.1", 53, "10.0.0.2", 5353, 14, "dns", gone, 0xffff_fff0L);
    Flow d = new Flow(104, 4, 45, Proto.UDP, 4, "10.0.0.1", 54, "10.0.0.2", 5353, 0, "");
    try (JournalWriter w = JournalWriter.create(dir, header, JournalWriter.Options.defaults())) {
      for (Flow f : List.of(a, b, c, d)) {
        w.onEvent(f);
        w.onTraffic(f.tsNs(), f, Direction.SEND, 10);
      }
    }
    Collect collected = new Collect();
    try (JournalSource r = JournalSource.open(dir)) {
      assertEquals(JournalFormat.VERSION, r.formatVersion());
      r.forEach(collected);
    }
    List<Flow> flows = collected.events.stream().filter(e -> e instanceof Flow).map(e -> (Flow) e).toList();
    assertEquals(List.of(a, b, c, d), flows, "cgroup names, unresolved ids, netns above 2^31 and none at all");
    assertEquals("docker", flows.get(0).cgroup().runtime());
    assertEquals(2, countKind(dir, EventKind.CGROUP), "one CGROUP record per cgroup id");
  }

  @Test
  void aJournalOfVersion2HasFlowsWithoutCgroupOrNetns() {
    Path dir = tmp.resolve("v2");
    SessionStart header = new SessionStart(100, "h", "k", "t", 7, 1_000_000_000L, "");
    Flow owned = new Flow(101, 1, 42, Proto.TCP, 4, "127.0.0.1", 8080, "127.0.0.1", 40000, 12, "srv",
        Cgroup.of(7001, "/system.slice/nginx.service"), 4026532001L);
    try (JournalWriter w = JournalWriter.create(dir, JournalWriter.Options.defaults(), 2)) {
      w.onEvent(header);
      w.onEvent(owned);
      w.onTraffic(102, owned, Direction.SEND, 10);
    }
    Collect collected = new Collect();
    try (JournalSource r = JournalSource.open(dir)) {
      assertEquals(2, r.formatVersion());
      r.forEach(collected);
    }
    Flow read = (Flow) collected.events.get(1);
    assertEquals(new Flow(101, 1, 42, Proto.TCP, 4, "127.0.0.1", 8080, "127.0.0.1", 40000, 12, "srv"), read);
    assertEquals(Cgroup.NONE, read.cgroup());
    assertEquals(0, read.netns());
  }

  @Test
  void aRollingJournalContinuedByANewerTcptopReadsBothSessions() {
    Path dir = tmp.resolve("upgraded");
    var rolling = JournalWriter.Options.defaults().rolling(new Retention(60 * 60_000L, 0, 3));
    SessionStart old = new SessionStart(100, "h", "k", "tcptop old", 7, 1_000_000_000L, "");
    Flow before = new Flow(101, 1, 42, Proto.TCP, 4, "127.0.0.1", 8080, "127.0.0.1", 40000, 12, "srv");
    try (JournalWriter w = JournalWriter.create(dir, rolling, 2)) {
      w.onEvent(old);
      w.onEvent(before);
      w.onTraffic(102, before, Direction.SEND, 10);
    }
    SessionStart upgraded = new SessionStart(200, "h", "k", "tcptop new", 7, 1_000_000_000L, "");
    Flow after = new Flow(201, 1, 43, Proto.TCP, 4, "127.0.0.1", 8080, "127.0.0.1", 40001, 13, "srv",
        Cgroup.of(7001, "/system.slice/nginx.service"), 4026531840L);
    try (JournalWriter w = JournalWriter.create(dir, rolling)) {
      w.onEvent(upgraded);
      w.onEvent(after);
      w.onTraffic(202, after, Direction.SEND, 20);
      w.onEvent(new SessionEnd(203, 3, 0));
    }
    Collect collected = new Collect();
    try (JournalSource r = JournalSource.open(dir)) {
      assertEquals(2, r.formatVersion(), "the journal's first header says 2");
      var outcome = r.forEach(collected);
      assertEquals(EventSource.Ending.CLEAN, outcome.ending(), "a batch of version 3 after 2 is a new session, not damage");
      assertFalse(outcome.damaged());
    }
    assertEquals(List.of(old, before, new Traffic(102, before, Direction.SEND, 10), upgraded, after,
        new Traffic(202, after, Direction.SEND, 20), new SessionEnd(203, 3, 0)), collected.events);
  }

  /** How many records of {@code kind} the journal's batches hold, key frames included. */
  static long countKind(Path dir, EventKind kind) throws Exception {
    long n = 0;
    try (var queue = Chronicle.forReading(dir); var tailer = queue.createTailer()) {
      while (true) {
        try (var dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            return n;
          }
          var bytes = dc.wire().bytes();
          java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) bytes.readRemaining()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
          bytes.read(b.array());
          int version = b.getShort(4) & 0xffff;
          for (int pos = JournalFormat.BATCH_HEADER_BYTES; pos < b.limit(); pos += JournalFormat.recordLength(b, pos, version)) {
            if (b.get(pos) == kind.code()) {
              n++;
            }
          }
        }
      }
    }
  }

  @Test
  void manyBatchesReadBackInOrder() {
    Path dir = tmp.resolve("big");
    SessionStart header = new SessionStart(0, "h", "k", "t", 0, 1, "");
    Flow f = new Flow(0, 1, 1, Proto.TCP, 4, "1.1.1.1", 1, "2.2.2.2", 2, 3, "x");
    int n = 100_000;
    try (JournalWriter w = JournalWriter.create(dir, header, JournalWriter.Options.defaults())) {
      w.onEvent(f);
      for (int i = 0; i < n; i++) {
        w.onTraffic(i, f, (i & 1) == 0 ? Direction.SEND : Direction.RECV, i);
      }
      assertTrue(w.bytesWritten() < 48L * n, "journal bytes per traffic event must stay under 48");
    }
    assertEquals(EventSource.Ending.NO_END, readTrafficBackInOrder(dir, n).ending());
  }

  /**
   * The writer puts each batch into the cycle file through the file, and Chronicle's header and
   * index through its mapping: with small chunks many batches straddle two mapped chunks, and a
   * reader (through the mapping) still gets every record, in order.
   */
  @Test
  void batchesAcrossMappedChunksReadBackWhole() {
    Path dir = tmp.resolve("chunks");
    SessionStart header = new SessionStart(0, "h", "k", "t", 0, 1, "");
    Flow f = new Flow(0, 1, 1, Proto.TCP, 4, "1.1.1.1", 1, "2.2.2.2", 2, 3, "x");
    int n = 300_000;
    long bytes;
    try (JournalWriter w = JournalWriter.create(dir, header, new JournalWriter.Options(false, 256 * 1024, null))) {
      w.onEvent(f);
      for (int i = 0; i < n; i++) {
        w.onTraffic(i, f, (i & 1) == 0 ? Direction.SEND : Direction.RECV, i);
        if (i % 77_777 == 0) {
          w.onEvent(new Tick(i));
        }
      }
      w.onEvent(new SessionEnd(n, n, 0));
      bytes = w.bytesWritten();
    }
    assertTrue(bytes > 10 * 256 * 1024, "the journal spans many chunks: " + bytes);
    EventSource.Outcome outcome = readTrafficBackInOrder(dir, n);
    assertEquals(EventSource.Ending.CLEAN, outcome.ending());
    assertFalse(outcome.damaged(), outcome.damage().toString());
  }

  /**
   * Reads back what the tests above wrote (traffic event i at time i with i bytes, sending on
   * even i): every one of the {@code n}, in order, as written; returns how the reading ended.
   */
  private static EventSource.Outcome readTrafficBackInOrder(Path dir, int n) {
    long[] seen = {0, -1};
    EventSource.Outcome outcome;
    try (JournalSource r = JournalSource.open(dir)) {
      outcome = r.forEach(new EventHandler() {
        @Override
        public void onTraffic(long tsNs, Flow flow, Direction d, int bytes) {
          assertEquals(seen[1] + 1, tsNs);
          assertEquals(tsNs, bytes);
          assertEquals((tsNs & 1) == 0 ? Direction.SEND : Direction.RECV, d);
          seen[0]++;
          seen[1] = tsNs;
        }

        @Override
        public void onEvent(Event e) {}
      });
    }
    assertEquals(n, seen[0]);
    return outcome;
  }

  @Test
  void anExistingJournalIsNotOverwrittenWithoutForce() {
    Path dir = tmp.resolve("j");
    SessionStart header = new SessionStart(0, "h", "k", "t", 0, 1, "");
    JournalWriter.create(dir, header, JournalWriter.Options.defaults()).close();
    var e = assertThrows(io.tcptop.error.JournalException.class,
        () -> JournalWriter.create(dir, header, JournalWriter.Options.defaults()));
    assertTrue(e.getMessage().contains("--force"), e.getMessage());
    JournalWriter.create(dir, header, JournalWriter.Options.defaults().withForce(true)).close();
  }

  @Test
  void aNonJournalDirectoryIsNeverOverwrittenEvenWithForce() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(dir.resolve("notes.txt"), "precious");
    SessionStart header = new SessionStart(0, "h", "k", "t", 0, 1, "");
    assertThrows(io.tcptop.error.JournalException.class,
        () -> JournalWriter.create(dir, header, JournalWriter.Options.defaults().withForce(true)));
    assertEquals("precious", Files.readString(dir.resolve("notes.txt")));
  }

  @Test
  void journalFilesAreReadableByTheirOwnerOnly() throws Exception {
    Path dir = tmp.resolve("j");
    new Scenario(dir).close();
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
      }
    }
  }
}
