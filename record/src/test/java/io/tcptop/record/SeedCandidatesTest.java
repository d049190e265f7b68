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

  /** A process of /proc with its network namespace, cgroup, comm and socket fds. */
  private void process(int pid, long netns, String cgroup, String comm, long... socketInodes) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(pid + "/ns"));
    Files.createSymbolicLink(dir.resolve("net"), Path.of("net:[" + netns + "]"));
    Path fd = Files.createDirectories(proc.resolve(pid + "/fd"));
    for (int i = 0; i < socketInodes.length; i++) {
      Files.createSymbolicLink(fd.resolve(Integer.toString(3 + i)), Path.of("socket:[" + socketInodes[i] + "]"));
    }
    Files.writeString(proc.resolve(pid + "/comm"), comm + "\n");
    Files.writeString(proc.resolve(pid + "/cgroup"), "4:memory:/\n0::" + cgroup + "\n");
    Files.createDirectories(proc.resolve(pid + "/net"));
  }

  @Test
  void onlyTcpConnectionsThatCanStillBeReportedAreCandidates() throws IOException {
    process(321, 4026531840L, "/system.slice/nginx.service", "nginx", 1001, 2001);
    Files.writeString(proc.resolve("321/net/tcp"), HEADER
        + tcp(22, 0x0A, 1000)    // LISTEN: a listener is not a connection
        + tcp(443, 0x01, 1001)   // ESTABLISHED
        + tcp(444, 0x06, 0)      // TIME_WAIT: expires without a record
        + tcp(445, 0x08, 1002)   // CLOSE_WAIT
        + tcp(446, 0x03, 0)      // SYN_RECV: a half-open request
        + tcp(447, 0x07, 1003)   // CLOSE: bound, not connected
        + tcp(448, 0x04, 0)      // FIN_WAIT1, orphaned
        + tcp(449, 0x09, 1004)); // LAST_ACK: its close is still to come
    Files.writeString(proc.resolve("321/net/udp"), HEADER
        + "  10: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 2000 2 0 0\n"
        + "  11: 0100007F:9C40 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 2001 2 0 0\n");

    List<ProcSockets.Socket> all = ProcSockets.scan(proc);
    assertEquals(10, all.size(), all::toString);

    List<ProcSockets.Socket> candidates = LiveSource.seedCandidates(all);
    assertEquals(List.of(443, 445, 448, 449), candidates.stream().map(ProcSockets.Socket::localPort).toList());
    assertEquals(List.of(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.FIN_WAIT1, TcpState.LAST_ACK),
        candidates.stream().map(ProcSockets.Socket::state).toList());
    assertEquals(new ProcSockets.Socket(Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, TcpState.ESTABLISHED,
        1001, 321, "nginx", 4026531840L, "/system.slice/nginx.service"), candidates.get(0));
  }

  @Test
  void everyNetworkNamespaceIsReadOnceThroughOneOfItsProcesses() throws IOException {
    String docker = "/system.slice/docker-" + "ab".repeat(32) + ".scope";
    process(100, 4026531840L, "/init.scope", "systemd");
    process(200, 4026532301L, docker, "java", 3001);
    process(201, 4026532301L, docker, "java");
    process(300, 4026532302L, "/kubepods.slice/x.slice", "envoy", 3002);
    Files.writeString(proc.resolve("100/net/tcp"), HEADER + tcp(443, 0x01, 5000));
    // The same tuple in the two container namespaces: two connections.
    Files.writeString(proc.resolve("200/net/tcp"), HEADER + tcp(8080, 0x01, 3001));
    Files.writeString(proc.resolve("201/net/tcp"), HEADER + tcp(8080, 0x01, 3001));
    Files.writeString(proc.resolve("300/net/tcp"), HEADER + tcp(8080, 0x01, 3002));

    List<ProcSockets.Socket> all = ProcSockets.scan(proc);

    assertEquals(List.of(
        new ProcSockets.Socket(Proto.TCP, 4, "10.0.0.2", 443, "10.0.0.9", 51000, TcpState.ESTABLISHED, 5000, 0, "",
            4026531840L, ""),
        new ProcSockets.Socket(Proto.TCP, 4, "10.0.0.2", 8080, "10.0.0.9", 51000, TcpState.ESTABLISHED, 3001, 200,
            "java", 4026532301L, docker),
        new ProcSockets.Socket(Proto.TCP, 4, "10.0.0.2", 8080, "10.0.0.9", 51000, TcpState.ESTABLISHED, 3002, 300,
            "envoy", 4026532302L, "/kubepods.slice/x.slice")), all);
  }
}
