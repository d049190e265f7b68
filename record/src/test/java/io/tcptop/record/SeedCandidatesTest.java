package io.tcptop.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.event.Proto;
import io.tcptop.event.TcpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which sockets of a /proc snapshot may be connections that began before the probes: read from
 * a /proc tree written here in the kernel's own format, without root.
 */
class SeedCandidatesTest {
  @TempDir Path proc;

  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

  /** One /proc/net/tcp line: 10.0.0.2:PORT > 10.0.0.9:51000 (a v4 word is printed little-endian). */
  private static String tcp(int port, int state, long inode) {
    return String.format("   0: 0200000A:%04X 0900000A:C738 %02X 00000000:00000000 00:00000000 00000000     0"
        + "        0 %d 1 0000000000000000 20 4 30 10 -1%n", port, state, inode);
  }

  @Test
  void onlyTcpConnectionsThatCanStillBeReportedAreCandidates() throws IOException {
    Files.createDirectories(proc.resolve("net"));
    Files.writeString(proc.resolve("net/tcp"), HEADER
        + tcp(22, 0x0A, 1000)    // LISTEN: a listener is not a connection
        + tcp(443, 0x01, 1001)   // ESTABLISHED
        + tcp(444, 0x06, 0)      // TIME_WAIT: expires without a record
        + tcp(445, 0x08, 1002)   // CLOSE_WAIT
        + tcp(446, 0x03, 0)      // SYN_RECV: a half-open request
        + tcp(447, 0x07, 1003)   // CLOSE: bound, not connected
        + tcp(448, 0x04, 0)      // FIN_WAIT1, orphaned
        + tcp(449, 0x09, 1004)); // LAST_ACK: its close is still to come
    Files.writeString(proc.resolve("net/udp"), HEADER
        + "  10: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 2000 2 0 0\n"
        + "  11: 0100007F:9C40 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 2001 2 0 0\n");
    Path fd = Files.createDirectories(proc.resolve("321/fd"));
    Files.createSymbolicLink(fd.resolve("3"), Path.of("socket:[1001]"));
    Files.createSymbolicLink(fd.resolve("4"), Path.of("socket:[2001]"));
    Files.writeString(proc.resolve("321/comm"), "nginx\n");

    List<ProcSockets.Socket> all = ProcSockets.scan(proc);
    assertEquals(10, all.size(), all::toString);

    List<ProcSockets.Socket> candidates = LiveSource.seedCandidates(all);
    assertEquals(List.of(443, 445, 448, 449), candidates.stream().map(ProcSockets.Socket::localPort).toList());
    assertEquals(List.of(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.FIN_WAIT1, TcpState.LAST_ACK),
        candidates.stream().map(ProcSockets.Socket::state).toList());
    assertEquals(new ProcSockets.Socket(Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, TcpState.ESTABLISHED,
        1001, 321, "nginx"), candidates.get(0));
  }
}
