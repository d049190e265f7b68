package io.tcptop.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.error.JournalException;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventSource;
import io.tcptop.event.Flow;
import io.tcptop.fixtures.Scenario;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal copied from another host is untrusted input. Chronicle Queue resolves (and
 * initialises) any class named in a store header; tcptop checks the headers first, so a crafted
 * name is refused, with the file named, and nothing is loaded.
 */
class UntrustedJournalTest {
  private static final String TRACE_CLASS = LoadTrace.class.getName();

  @TempDir Path tmp;
  private Path trace;

  @BeforeEach
  void traceFile() {
    trace = tmp.resolve("load-trace");
    System.setProperty("tcptop.test.loadTrace", trace.toString());
  }

  @Test
  void aClassNamedInACycleFileHeaderIsNeverLoaded() throws Exception {
    Path dir = journal("cycle");
    rename(cycleFile(dir), "SCQStore", TRACE_CLASS);
    String m = failure(dir);
    assertTrue(m.contains(dir + ": its " + cycleFile(dir).getFileName() + " names the type '" + TRACE_CLASS + "'"), m);
    assertFalse(Files.exists(trace), "the class named in the header was initialised");
  }

  @Test
  void aClassNamedInsideACycleFileHeaderIsNeverLoaded() throws Exception {
    Path dir = journal("nested");
    rename(cycleFile(dir), "SCQSIndexing", TRACE_CLASS);
    String m = failure(dir);
    assertTrue(m.contains(cycleFile(dir).getFileName() + " names the type '" + TRACE_CLASS + "'"), m);
    assertFalse(Files.exists(trace), "the class named in the header was initialised");
  }

  @Test
  void aClassNamedInTheTableHeaderIsNeverLoaded() throws Exception {
    Path dir = journal("table");
    rename(dir.resolve("metadata.cq4t"), "STStore", TRACE_CLASS);
    String m = failure(dir);
    assertTrue(m.contains(dir + ": its metadata.cq4t names the type '" + TRACE_CLASS + "'"), m);
    assertFalse(Files.exists(trace), "the class named in the header was initialised");
  }

  @Test
  void aTableWithAZeroInItsHeaderFailsAtOnceNamingTheFile() throws Exception {
    Path dir = journal("zero");
    byte[] table = Files.readAllBytes(dir.resolve("metadata.cq4t"));
    table[8] = 0; // the field name "header" becomes "he\0der"
    Files.write(dir.resolve("metadata.cq4t"), table);
    long start = System.nanoTime();
    String m = failure(dir);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(m.contains(dir + ": its metadata.cq4t"), m);
    assertFalse(m.contains("lock"), "not a lock problem: " + m);
    assertTrue(millis < 2_000, "took " + millis + " ms (Chronicle alone waits 10 s)");
  }

  @Test
  void aCycleFileWhoseHeaderIsOfAnotherTypeIsRefused() throws Exception {
    Path dir = journal("other-type");
    rename(cycleFile(dir), "SCQStore", "SCQSIndexing"); // a type Chronicle writes, but not the header's
    String m = failure(dir);
    assertTrue(m.contains(cycleFile(dir).getFileName() + " does not start with a Chronicle Queue cycle header (header: !SCQStore)"), m);
  }

  @Test
  void aCycleFileWhoseFirstNameIsNotHeaderIsRefused() throws Exception {
    Path dir = journal("other-name");
    Path cq4 = cycleFile(dir);
    byte[] b = Files.readAllBytes(cq4);
    int at = indexOf(b, "header".getBytes(StandardCharsets.US_ASCII));
    assertTrue(at > 0 && at < 16, "the header's name near the start of " + cq4);
    b[at] = 'H'; // still a complete, parsable document, under another name
    Files.write(cq4, b);
    String m = failure(dir);
    assertTrue(m.contains(cq4.getFileName() + " does not start with a Chronicle Queue cycle header (header: !SCQStore)"), m);
  }

  @Test
  void theCheckAcceptsEveryJournalTcptopWrites() throws Exception {
    Path dir = journal("clean");
    try (JournalSource r = JournalSource.open(dir)) {
      assertEquals(EventSource.Ending.CLEAN, r.forEach(IGNORE).ending());
    }
  }

  // --- helpers ---

  private Path journal(String name) {
    Path dir = tmp.resolve(name);
    try (Scenario s = new Scenario(dir)) {
      var f = s.at(1).tcp("127.0.0.1", 1, "127.0.0.1", 2, 3, "x");
      s.at(2).send(f, 100);
    }
    return dir;
  }

  private static Path cycleFile(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
  }

  /**
   * Rewrites the type name {@code from} in the file's header document as {@code to}: the type
   * prefix (0xB6, length, name) is replaced and the header's length word fixed up; the rest of the
   * file shifts, which does not matter since Chronicle resolves the type before anything else.
   */
  private static void rename(Path file, String from, String to) throws Exception {
    byte[] b = Files.readAllBytes(file);
    byte[] old = typePrefix(from);
    int at = indexOf(b, old);
    assertTrue(at > 0, from + " not found in " + file);
    byte[] now = typePrefix(to);
    int word = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    word = (word & 0xC0000000) | ((word & 0x3FFFFFFF) + now.length - old.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) word, (byte) (word >> 8), (byte) (word >> 16), (byte) (word >> 24)});
    out.write(b, 4, at - 4);
    out.write(now);
    out.write(b, at + old.length, b.length - at - old.length);
    Files.write(file, out.toByteArray());
  }

  private static byte[] typePrefix(String name) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    byte[] p = new byte[n.length + 2];
    p[0] = (byte) 0xB6; // Chronicle's binary wire: a type prefix, then a stop-bit length (< 128 here)
    p[1] = (byte) n.length;
    System.arraycopy(n, 0, p, 2, n.length);
    return p;
  }

  private static int indexOf(byte[] b, byte[] f) {
    outer:
    for (int i = 0; i + f.length <= b.length; i++) {
      for (int j = 0; j < f.length; j++) {
        if (b[i + j] != f[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String failure(Path dir) {
    JournalException e = assertThrows(JournalException.class, () -> {
      try (JournalSource r = JournalSource.open(dir)) {
        r.forEach(IGNORE);
      }
    });
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  private static final EventHandler IGNORE = new EventHandler() {
    @Override
    public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {}

    @Override
    public void onEvent(Event event) {}
  };
}
