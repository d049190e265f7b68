package io.tcptop.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.aggregate.Aggregator;
import io.tcptop.aggregate.ConnectionRecord;
import io.tcptop.aggregate.TickListener;
import io.tcptop.bpf.LoopbackPair;
import io.tcptop.bpf.ProbeConfig;
import io.tcptop.bpf.TestCgroups;
import io.tcptop.bpf.TestNetns;
import io.tcptop.bpf.UnconnectedUdpPeers;
import io.tcptop.event.Cgroup;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Tick;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real recording (LiveSource, the kernel, the aggregator) of traffic generators run in cgroups
 * named as container runtimes name theirs, and in network namespaces: every connection carries
 * its owner's cgroup, runtime, container id and pod UID and its namespace, with exact bytes.
 */
class ContainerRecordingTest {
  static final String UID = TestCgroups.podUid();
  static final String DOCKER = "/system.slice/docker-" + TestCgroups.containerId() + ".scope";
  static final String POD = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID.replace('-', '_')
      + ".slice/cri-containerd-" + TestCgroups.containerId() + ".scope";
  static final String SERVICE = "/system.slice/tcptop-test-" + TestCgroups.containerId().substring(0, 8) + ".service";

  TestCgroups cgroups;
  final List<ConnectionRecord> ended = new ArrayList<>();
  final AtomicBoolean stop = new AtomicBoolean();

  @BeforeEach
  void makeCgroups() {
    cgroups = TestCgroups.open();
    for (String path : List.of(DOCKER, POD, SERVICE)) {
      cgroups.make(path);
    }
  }

  @AfterEach
  void removeCgroups() {
    if (cgroups != null) {
      cgroups.close();
    }
  }

  /** Records on another thread until {@link #stop}; returns when the recording ended. */
  CompletableFuture<Void> record(LiveSource source, EventHandler... also) {
    Aggregator aggregator = new Aggregator(TickListener.NONE, ended::add);
    return CompletableFuture.runAsync(() -> {
      source.forEach(new EventHandler() {
        @Override
        public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
          aggregator.onTraffic(tsNs, flow, direction, bytes);
        }

        @Override
        public void onEvent(Event event) {
          for (EventHandler h : also) {
            h.onEvent(event);
          }
          aggregator.onEvent(event);
        }
      });
      aggregator.finish();
    });
  }

  static LiveSource open() {
    return LiveSource.open(new LiveSource.Options(ProbeConfig.defaults().withRingSizeBytes(16 << 20), 100_000_000L, 0,
        "", () -> false, line -> { }));
  }

  LiveSource openStoppable() {
    return LiveSource.open(new LiveSource.Options(ProbeConfig.defaults().withRingSizeBytes(16 << 20), 100_000_000L, 0,
        "", stop::get, line -> { }));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The two connections of a LoopbackPair child (client, then server), by its pid and port. */
  List<ConnectionRecord> pairOf(long pid, int port, long netns) {
    String all = ended.stream().map(ConnectionRecord::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
    ConnectionRecord client = ended.stream().filter(c -> c.flow().pid() == pid && c.flow().remotePort() == port
        && c.flow().netns() == netns).findFirst().orElseThrow(() -> new AssertionError("no client of " + pid + all));
    ConnectionRecord server = ended.stream().filter(c -> c.flow().pid() == pid && c.flow().localPort() == port
        && c.flow().netns() == netns).findFirst().orElseThrow(() -> new AssertionError("no server of " + pid + all));
    return List.of(client, server);
  }

  static void assertPair(List<ConnectionRecord> pair, int out, int in, Cgroup cgroup, long netns) {
    ConnectionRecord client = pair.get(0);
    ConnectionRecord server = pair.get(1);
    assertEquals(out, client.bytesOut(), client::toString);
    assertEquals(in, client.bytesIn(), client::toString);
    assertEquals(out, server.bytesIn(), server::toString);
    assertEquals(in, server.bytesOut(), server::toString);
    for (ConnectionRecord c : pair) {
      assertEquals(cgroup, c.flow().cgroup(), c::toString);
      assertEquals(netns, c.flow().netns(), c::toString);
    }
  }

  long hostNetns() throws IOException {
    return (Long) Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino");
  }

  Cgroup cgroup(String path) {
    return Cgroup.of(TestCgroups.idOf(cgroups.mount().directoryOf(path).orElseThrow()), path);
  }

  @Test
  void everyConnectionCarriesItsCgroupRuntimeContainerAndPodWithExactBytes() throws Exception {
    int port = freePort();
    long docker;
    long pod;
    long service;
    try (LiveSource source = openStoppable()) {
      CompletableFuture<Void> recording = record(source);
      docker = TestCgroups.waitFor(cgroups.start(DOCKER, TestCgroups.java(LoopbackPair.class, "" + port, "1000", "500")));
      pod = TestCgroups.waitFor(cgroups.start(POD, TestCgroups.java(LoopbackPair.class, "" + port, "2000", "700")));
      service = TestCgroups.waitFor(cgroups.start(SERVICE, TestCgroups.java(LoopbackPair.class, "" + port, "300", "30")));
      Thread.sleep(300);
      stop.set(true);
      recording.get(30, TimeUnit.SECONDS);
    }
    long host = hostNetns();
    assertPair(pairOf(docker, port, host), 1000, 500, cgroup(DOCKER), host);
    assertPair(pairOf(pod, port, host), 2000, 700, cgroup(POD), host);
    assertPair(pairOf(service, port, host), 300, 30, cgroup(SERVICE), host);

    Cgroup d = pairOf(docker, port, host).get(0).flow().cgroup();
    assertEquals("docker", d.runtime());
    assertEquals(DOCKER.substring("/system.slice/docker-".length(), DOCKER.length() - ".scope".length()), d.container());
    assertEquals("", d.pod());
    Cgroup p = pairOf(pod, port, host).get(0).flow().cgroup();
    assertEquals("containerd", p.runtime());
    assertEquals(POD.substring(POD.lastIndexOf("cri-containerd-") + 15, POD.length() - 6), p.container());
    assertEquals(UID, p.pod());
    Cgroup s = pairOf(service, port, host).get(0).flow().cgroup();
    assertEquals("systemd", s.runtime());
    assertEquals("", s.container());
    assertEquals(SERVICE.substring("/system.slice/".length()), s.unit());
  }

  @Test
  void criOPodmanAUserSessionAndAPathOfNoConventionCarryWhatTheirPathsSay() throws Exception {
    String crioId = TestCgroups.containerId();
    String podmanId = TestCgroups.containerId();
    String tag = TestCgroups.containerId().substring(0, 8);
    String crio = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID.replace('-', '_')
        + ".slice/crio-" + crioId + ".scope";
    String podman = "/machine.slice/libpod-" + podmanId + ".scope";
    String session = "/user.slice/user-4242.slice/session-t" + tag + ".scope";
    // No runtime names a cgroup so; a comma, a quote and a space are allowed in a cgroup's name.
    String nowhere = "/tcptop test," + tag + "/\"odd\" worker";
    for (String path : List.of(crio, podman, session, nowhere)) {
      cgroups.make(path);
    }
    int port = freePort();
    long[] pids = new long[4];
    try (LiveSource source = openStoppable()) {
      CompletableFuture<Void> recording = record(source);
      pids[0] = TestCgroups.waitFor(cgroups.start(crio, TestCgroups.java(LoopbackPair.class, "" + port, "1200", "12")));
      pids[1] = TestCgroups.waitFor(cgroups.start(podman, TestCgroups.java(LoopbackPair.class, "" + port, "1300", "13")));
      pids[2] = TestCgroups.waitFor(cgroups.start(session, TestCgroups.java(LoopbackPair.class, "" + port, "1400", "14")));
      pids[3] = TestCgroups.waitFor(cgroups.start(nowhere, TestCgroups.java(LoopbackPair.class, "" + port, "1500", "15")));
      Thread.sleep(300);
      stop.set(true);
      recording.get(30, TimeUnit.SECONDS);
    }
    long host = hostNetns();
    assertPair(pairOf(pids[0], port, host), 1200, 12, cgroup(crio), host);
    assertPair(pairOf(pids[1], port, host), 1300, 13, cgroup(podman), host);
    assertPair(pairOf(pids[2], port, host), 1400, 14, cgroup(session), host);
    assertPair(pairOf(pids[3], port, host), 1500, 15, cgroup(nowhere), host);

    Cgroup c = pairOf(pids[0], port, host).get(0).flow().cgroup();
    assertEquals(List.of("cri-o", crioId, UID), List.of(c.runtime(), c.container(), c.pod()));
    Cgroup p = pairOf(pids[1], port, host).get(0).flow().cgroup();
    assertEquals(List.of("podman", podmanId, ""), List.of(p.runtime(), p.container(), p.pod()));
    Cgroup u = pairOf(pids[2], port, host).get(0).flow().cgroup();
    assertEquals(List.of("systemd", "", "session-t" + tag + ".scope"), List.of(u.runtime(), u.container(), u.unit()));
    Cgroup n = pairOf(pids[3], port, host).get(0).flow().cgroup();
    assertEquals(List.of(nowhere, "", "", "", ""), List.of(n.path(), n.runtime(), n.container(), n.pod(), n.unit()));
    assertEquals(nowhere, n.label(), "a path of no convention is shown as the path");
  }

  @Test
  void twoNamespacesWithTheSameAddressesAndPortsAreTwoSetsOfConnections() throws Exception {
    int port = 8080;
    long inA;
    long inB;
    try (TestNetns a = TestNetns.create(); TestNetns b = TestNetns.create()) {
      try (LiveSource source = openStoppable()) {
        CompletableFuture<Void> recording = record(source);
        // Into the cgroup first: `ip netns exec` mounts a sysfs of its own, without the cgroup hierarchy.
        inA = TestCgroups.waitFor(cgroups.start(cgroups.inCgroup(DOCKER,
            a.exec(TestCgroups.java(LoopbackPair.class, "" + port, "1111", "222")))));
        inB = TestCgroups.waitFor(cgroups.start(cgroups.inCgroup(POD,
            b.exec(TestCgroups.java(LoopbackPair.class, "" + port, "3333", "444")))));
        Thread.sleep(300);
        stop.set(true);
        recording.get(30, TimeUnit.SECONDS);
      }
      assertPair(pairOf(inA, port, a.inode()), 1111, 222, cgroup(DOCKER), a.inode());
      assertPair(pairOf(inB, port, b.inode()), 3333, 444, cgroup(POD), b.inode());
      List<ConnectionRecord> inTheTwo = ended.stream().filter(c -> c.flow().netns() == a.inode()
          || c.flow().netns() == b.inode()).toList();
      assertEquals(4, inTheTwo.size(), () -> "two connections in each namespace: " + inTheTwo);
      assertEquals(1, inTheTwo.stream().map(c -> c.flow().localAddr() + " " + c.flow().remoteAddr()).distinct().count(),
          () -> "the same addresses in both: " + inTheTwo);
    }
  }

  @Test
  void everyPeerOfAnUnconnectedUdpSocketInANamespaceCarriesItsNamespace() throws Exception {
    // The kernel names a socket's namespace in its first record only (a socket never moves):
    // the records after it, each with the socket's facts, must not leave a peer without it.
    int port = 7070;
    int count = 20;
    int size = 100;
    long pid;
    try (TestNetns ns = TestNetns.create()) {
      try (LiveSource source = openStoppable()) {
        CompletableFuture<Void> recording = record(source);
        pid = TestCgroups.waitFor(cgroups.start(cgroups.inCgroup(DOCKER,
            ns.exec(TestCgroups.java(UnconnectedUdpPeers.class, "" + port, "" + count, "" + size)))));
        Thread.sleep(300);
        stop.set(true);
        recording.get(30, TimeUnit.SECONDS);
      }
      long inode = ns.inode();
      List<ConnectionRecord> sent = ended.stream().filter(c -> c.flow().pid() == pid && c.bytesOut() > 0).toList();
      assertEquals(List.of(port, port + 1), sent.stream().map(c -> c.flow().remotePort()).sorted().toList(),
          () -> "the sender's two peers: " + sent);
      for (ConnectionRecord c : sent) {
        assertEquals((long) count * size, c.bytesOut(), c::toString);
        assertEquals(inode, c.flow().netns(), c::toString);
        assertEquals(cgroup(DOCKER), c.flow().cgroup(), c::toString);
      }
      List<ConnectionRecord> received = ended.stream().filter(c -> c.flow().pid() == pid && c.bytesIn() > 0).toList();
      assertEquals(2, received.size(), () -> "the two receivers: " + received);
      for (ConnectionRecord c : received) {
        assertEquals((long) count * size, c.bytesIn(), c::toString);
        assertEquals(inode, c.flow().netns(), c::toString);
      }
    }
  }

  @Test
  void connectionsOpenBeforeTheRecordingInsideANamespaceArePartialWithTheirNamespaceAndOwner() throws Exception {
    int port = 9090;
    try (TestNetns ns = TestNetns.create()) {
      Process child = cgroups.start(cgroups.inCgroup(DOCKER,
          ns.exec(TestCgroups.java(LoopbackPair.class, "" + port, "4321", "123", "wait"))));
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("connected", out.readLine());
      try (LiveSource source = openStoppable()) {
        CountDownLatch ticked = new CountDownLatch(1);
        CompletableFuture<Void> recording = record(source, new EventHandler() {
          @Override
          public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {}

          @Override
          public void onEvent(Event event) {
            if (event instanceof Tick) {
              ticked.countDown();
            }
          }
        });
        assertTrue(ticked.await(30, TimeUnit.SECONDS), "the recording has read /proc before its first tick");
        child.getOutputStream().write('\n');
        child.getOutputStream().flush();
        assertTrue(out.readLine().startsWith("done"));
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        Thread.sleep(300);
        stop.set(true);
        recording.get(30, TimeUnit.SECONDS);
      }
      List<ConnectionRecord> pair = pairOf(child.pid(), port, ns.inode());
      assertPair(pair, 4321, 123, cgroup(DOCKER), ns.inode());
      assertTrue(pair.get(0).partial() && pair.get(1).partial(), () -> "begun before the recording: " + pair);
    }
  }

  @Test
  void aCgroupRemovedBeforeTheRecorderLookedIsRecordedByIdAndTheRecordingGoesOn() throws Exception {
    String gone = "/system.slice/tcptop-gone-" + TestCgroups.containerId().substring(0, 8) + ".scope";
    Path goneDir = cgroups.make(gone);
    long goneId = TestCgroups.idOf(goneDir);
    int port = freePort();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    long gonePid;
    long laterPid;
    try (LiveSource source = openStoppable()) {
      // The recording loop stops at its first tick until the cgroup is gone: the kernel's records
      // of the traffic wait in the ring, and are decoded after the cgroup was removed.
      CompletableFuture<Void> recording = record(source, new EventHandler() {
        @Override
        public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {}

        @Override
        public void onEvent(Event event) {
          if (event instanceof Tick && held.getCount() > 0) {
            held.countDown();
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      });
      assertTrue(held.await(30, TimeUnit.SECONDS));
      gonePid = TestCgroups.waitFor(cgroups.start(gone, TestCgroups.java(LoopbackPair.class, "" + port, "600", "60")));
      cgroups.remove(goneDir);
      release.countDown();
      laterPid = TestCgroups.waitFor(cgroups.start(DOCKER, TestCgroups.java(LoopbackPair.class, "" + port, "700", "70")));
      Thread.sleep(300);
      stop.set(true);
      recording.get(30, TimeUnit.SECONDS);
    }
    long host = hostNetns();
    assertPair(pairOf(gonePid, port, host), 600, 60, Cgroup.unresolved(goneId), host);
    assertPair(pairOf(laterPid, port, host), 700, 70, cgroup(DOCKER), host);
  }
}
