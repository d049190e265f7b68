package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.bpf.KernelTestSupport;
import io.tcptop.bpf.TestCgroups;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcptop top} in a real terminal with containers: live (as root), a client run in a cgroup
 * named as docker names its containers shows that container in its row and in the detail, 'c'
 * groups by it, and --container keeps that container's connections alone (in the kernel); over a
 * recording, the owner filters take the journal's names.
 */
class TopContainersTest {
  @TempDir Path tmp;
  TestCgroups cgroups;
  final List<Socket> accepted = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (Socket s : accepted) {
      s.close();
    }
    if (cgroups != null) {
      cgroups.close();
    }
  }

  static String docker(String id) {
    return "/system.slice/docker-" + id + ".scope";
  }

  /**
   * A client in the cgroup at {@code path} that connects to {@code server}, sends {@code bytes} and
   * keeps the connection open; returns once the server has read them all.
   */
  void clientIn(String path, ServerSocket server, int bytes) throws Exception {
    cgroups.start(path, List.of("/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort()
        + " && head -c " + bytes + " /dev/zero >&3 && exec sleep 120"));
    Socket s = server.accept();
    accepted.add(s);
    InputStream in = s.getInputStream();
    assertEquals(bytes, in.readNBytes(bytes).length);
  }

  /** The table's rows: lines that start with a protocol. */
  static List<String> rows(String screen) {
    return screen.lines().filter(l -> l.startsWith("tcp ") || l.startsWith("udp ")).toList();
  }

  @Test
  void liveTheRowAndTheDetailNameTheContainerAndCGroupsByIt() throws Exception {
    KernelTestSupport.requireKernel();
    cgroups = TestCgroups.open();
    String id = TestCgroups.containerId();
    cgroups.make(docker(id));
    String label = "docker:" + id.substring(0, 12);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
         Tmux t = Tmux.start(tmp, 160, 40, "top", "--port", Integer.toString(server.getLocalPort()), "--interval", "500ms")) {
      t.waitFor("tick ");
      clientIn(docker(id), server, 3000);
      String s = t.waitFor(label);
      String client = rows(s).stream().filter(l -> l.contains(label)).findFirst().orElseThrow();
      assertTrue(client.matches("tcp\\s+127\\.0\\.0\\.1:\\d+\\s+127\\.0\\.0\\.1:" + server.getLocalPort() + "\\s.*"), client);
      assertTrue(s.lines().anyMatch(l -> l.startsWith("PROT ") && l.contains(" CGROUP")), s);

      t.type("/" + id.substring(0, 16));
      t.keys("Enter");
      t.keys("Enter");
      s = t.waitFor("cgroup  docker container " + id.substring(0, 12));
      assertTrue(s.contains(docker(id).substring(0, 40)), "the detail has the path: " + s);
      t.keys("Escape");
      t.keys("Escape");
      t.type("c");
      s = t.waitFor("1 connection");
      assertTrue(s.lines().anyMatch(l -> l.startsWith("▸") && l.contains(label) && l.contains(" 1 connection")), s);
      t.type("q");
      t.assertExitedAndRestored(0);
    }
  }

  @Test
  void liveTheContainerFilterKeepsThatContainersConnectionsAlone() throws Exception {
    KernelTestSupport.requireKernel();
    cgroups = TestCgroups.open();
    String id = TestCgroups.containerId();
    String other = TestCgroups.containerId();
    cgroups.make(docker(id));
    cgroups.make(docker(other));
    try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getByName("127.0.0.1"));
         Tmux t = Tmux.start(tmp, 160, 40, "top", "--container", id.substring(0, 12), "--port",
             Integer.toString(server.getLocalPort()), "--interval", "500ms")) {
      t.waitFor("tick ");
      clientIn(docker(other), server, 2000);
      clientIn(docker(id), server, 3000);
      String s = t.waitFor("docker:" + id.substring(0, 12));
      // Another tick, in which the other container's client (it sent first) would show if it passed.
      Thread.sleep(1_500);
      s = t.screen();
      List<String> rows = rows(s);
      assertEquals(1, rows.size(), "the container's client alone, not the server's end in this JVM nor the other container:\n" + s);
      assertFalse(s.contains(other.substring(0, 12)), s);
      assertTrue(s.contains("lost 0"), s);
      t.type("q");
      t.assertExitedAndRestored(0);
    }
  }

  @Test
  void overARecordingTheOwnerFiltersTakeTheJournalsNames() throws Exception {
    Path fixture = Tmux.repoRoot().resolve("fixtures/containers");
    try (Tmux t = Tmux.start(tmp, 160, 30, "top", fixture.toString(), "--netns", "4026532302")) {
      String s = t.waitFor("end of the recording");
      List<String> rows = rows(s);
      assertEquals(2, rows.size(), s);
      assertTrue(rows.stream().allMatch(l -> l.contains("containerd:9b1c2d3e4f5a")), s);
      t.type("q");
      t.assertExitedAndRestored(0);
    }
    try (Tmux t = Tmux.start(tmp, 160, 30, "top", fixture.toString(), "--cgroup", "/user.slice")) {
      String s = t.waitFor("end of the recording");
      List<String> rows = rows(s);
      assertTrue(!rows.isEmpty() && rows.stream().allMatch(l -> l.contains("session-3.scope")), s);
      t.type("q");
      t.assertExitedAndRestored(0);
    }
  }
}
