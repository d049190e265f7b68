package io.tcptop.record;

import static io.tcptop.bpf.KernelRecord.REASON_FIRST;
import static io.tcptop.bpf.KernelRecord.REASON_PEER_CHANGED;
import static io.tcptop.bpf.KernelRecord.REASON_PID_CHANGED;
import static io.tcptop.bpf.KernelRecord.REASON_UNCONNECTED;
import static io.tcptop.event.Direction.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcptop.bpf.Cgroup2Mount;
import io.tcptop.bpf.KernelRecords;
import io.tcptop.event.Cgroup;
import io.tcptop.event.Event;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.Seed;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import io.tcptop.event.Traffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owners of flows decoded from hand-built kernel records, their cgroup ids resolved against a
 * cgroup hierarchy and a /proc written here (directories whose inodes are the ids, as in cgroupfs):
 * each flow carries its owner's cgroup with the container it names, and its socket's namespace.
 */
class OwnerAttributionTest {
  static final String DOCKER = "/system.slice/docker-" + "3f".repeat(32) + ".scope";
  static final String POD = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5e1c7d2a_8f3b_4c6d_9e0a_"
      + "1b2c3d4e5f60.slice/cri-containerd-" + "9b".repeat(32) + ".scope";
  static final String NGINX = "/system.slice/nginx.service";
  static final long NS_A = 4026532301L;
  static final long NS_B = 4026532302L;

  @TempDir Path tmp;
  Path proc;
  Cgroup2Mount mount;
  final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  CgroupNames names;

  @BeforeEach
  void hierarchy() throws IOException {
    mount = new Cgroup2Mount(Files.createDirectories(tmp.resolve("cgroup")), "/");
    proc = Files.createDirectories(tmp.resolve("proc"));
    for (String path : List.of(DOCKER, POD, NGINX)) {
      Files.createDirectories(mount.directoryOf(path).orElseThrow());
    }
    names = new CgroupNames(Optional.of(mount), proc, clock::get);
  }

  long id(String path) throws IOException {
    return (Long) Files.getAttribute(mount.directoryOf(path).orElseThrow(), "unix:ino");
  }

  /** Thread {@code tid} of process {@code pid} runs in {@code path}, as /proc/PID/task/TID/cgroup says. */
  void task(int pid, int tid, String path) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
    Files.writeString(dir.resolve("cgroup"), "5:memory:/\n0::" + path + "\n");
    Files.writeString(Files.createDirectories(proc.resolve(Integer.toString(pid))).resolve("cgroup"),
        "5:memory:/\n0::" + path + "\n");
  }

  static KernelRecords.Builder tcp(long cookie, long ts, int pid, int tid, long cgroup, long netns, int reason) {
    return KernelRecords.dataSocket().cookie(cookie).at(ts).local("127.0.0.1", 8080).remote("127.0.0.1", 40000)
        .pid(pid).tid(tid).comm("srv").reason(reason).cgroup(cgroup).netns(netns);
  }

  static Flow tcpFlow(int id, long cookie, long ts, int pid, Cgroup cgroup, long netns) {
    return new Flow(ts, id, cookie, Proto.TCP, 4, "127.0.0.1", 8080, "127.0.0.1", 40000, pid, "srv", cgroup, netns);
  }

  @Test
  void aFlowCarriesItsOwnersCgroupWithTheContainerItNamesAndItsSocketsNamespace() throws IOException {
    task(100, 101, DOCKER);
    Decoding d = new Decoding(names);
    Cgroup docker = Cgroup.of(id(DOCKER), DOCKER);
    Flow f = tcpFlow(1, 7, 1_000, 100, docker, NS_A);

    assertEquals(List.of(f, new Traffic(1_000, f, SEND, 5)),
        d.feed(tcp(7, 1_000, 100, 101, id(DOCKER), NS_A, REASON_FIRST).send(5).bytes()));
    assertEquals("docker", f.cgroup().runtime());
    assertEquals("3f".repeat(32), f.cgroup().container());
    assertEquals(List.of(new StateChange(2_000, f, TcpState.ESTABLISHED, TcpState.FIN_WAIT1, 6, 1, 0)),
        d.feed(KernelRecords.state().cookie(7).at(2_000).local("127.0.0.1", 8080).remote("127.0.0.1", 40000)
            .netns(NS_A).change(TcpState.ESTABLISHED, TcpState.FIN_WAIT1).counters(6, 1).bytes()),
        "a state change (softirq, no cgroup) keeps the owner");
    assertEquals(0, names.walks(), "found through /proc/PID/task/TID/cgroup, no walk");
  }

  @Test
  void anotherProcessInAnotherCgroupRedescribesTheFlowAndRecordsWithoutACgroupKeepIt() throws IOException {
    task(100, 100, DOCKER);
    task(200, 200, NGINX);
    Decoding d = new Decoding(names);
    d.feed(tcp(7, 1_000, 100, 100, id(DOCKER), NS_A, REASON_FIRST).send(5).bytes());
    Flow moved = tcpFlow(1, 7, 2_000, 200, Cgroup.of(id(NGINX), NGINX), NS_A);

    assertEquals(List.of(moved, new Traffic(2_000, moved, SEND, 6)),
        d.feed(tcp(7, 2_000, 200, 200, id(NGINX), NS_A, REASON_PID_CHANGED).send(6).bytes()));
    assertEquals(List.of(new Traffic(3_000, moved, SEND, 7)),
        d.feed(tcp(7, 3_000, 200, 200, 0, NS_A, REASON_PEER_CHANGED).send(7).bytes()),
        "facts without a cgroup (the owner did not change) keep the socket's");
  }

  @Test
  void everyPeerOfAnUnconnectedSocketHasTheSocketsOwnerCgroup() throws IOException {
    task(300, 301, POD);
    Decoding d = new Decoding(names);
    Cgroup pod = Cgroup.of(id(POD), POD);
    var first = KernelRecords.dataSocket().udp().cookie(9).at(1_000).local("10.0.0.1", 5000).remote("10.0.0.2", 53)
        .pid(300).tid(301).comm("dns").reason(REASON_FIRST | REASON_UNCONNECTED).cgroup(id(POD)).netns(NS_B);
    var second = KernelRecords.dataSocket().udp().cookie(9).at(2_000).local("10.0.0.1", 5000).remote("10.0.0.3", 53)
        .pid(300).tid(301).comm("dns").reason(REASON_PEER_CHANGED | REASON_UNCONNECTED).netns(NS_B);

    List<Event> events = d.feed(first.send(1).bytes(), second.send(2).bytes());
    Flow a = (Flow) events.get(0);
    Flow b = (Flow) events.get(2);
    assertEquals(pod, a.cgroup());
    assertEquals(pod, b.cgroup());
    assertEquals(NS_B, b.netns());
    assertEquals("5e1c7d2a-8f3b-4c6d-9e0a-1b2c3d4e5f60", b.cgroup().pod());
    assertEquals("containerd", b.cgroup().runtime());
  }

  @Test
  void theSameTupleInTwoNamespacesIsTwoFlowsAndSeedsMatchInTheirOwnNamespace() throws IOException {
    Decoding d = new Decoding(names);
    Cgroup docker = Cgroup.of(id(DOCKER), DOCKER);
    Cgroup pod = Cgroup.of(id(POD), POD);
    d.flows.seed(NS_A, "127.0.0.1", 8080, "127.0.0.1", 40000, TcpState.ESTABLISHED, 100, "srv", docker);
    d.flows.seed(NS_B, "127.0.0.1", 8080, "127.0.0.1", 40000, TcpState.ESTABLISHED, 300, "srv", pod);
    Flow inB = tcpFlow(1, 12, 1_000, 300, pod, NS_B);
    Flow inA = tcpFlow(2, 11, 2_000, 100, docker, NS_A);

    assertEquals(List.of(inB, new Seed(1_000, inB, TcpState.ESTABLISHED),
            new StateChange(1_000, inB, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, 0, 1, 0)),
        d.feed(KernelRecords.state().cookie(12).at(1_000).local("127.0.0.1", 8080).remote("127.0.0.1", 40000)
            .netns(NS_B).change(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).counters(0, 1).bytes()));
    assertEquals(List.of(inA, new Seed(2_000, inA, TcpState.ESTABLISHED),
            new StateChange(2_000, inA, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, 0, 1, 0)),
        d.feed(KernelRecords.state().cookie(11).at(2_000).local("127.0.0.1", 8080).remote("127.0.0.1", 40000)
            .netns(NS_A).change(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT).counters(0, 1).bytes()));
    assertEquals(0, d.flows.unmatchedSeeds());
  }

  @Test
  void aCgroupMissedBetweenTwoWalksIsFoundAtTheNextTickAndItsFlowDescribedAgain() throws IOException {
    Decoding d = new Decoding(names);
    Files.createDirectories(mount.directoryOf("/system.slice/gone.scope").orElseThrow());
    long gone = id("/system.slice/gone.scope");
    Path lateDir = Files.createDirectories(tmp.resolve("elsewhere/late.scope"));
    Files.delete(mount.directoryOf("/system.slice/gone.scope").orElseThrow());
    d.feed(tcp(7, 1_000, 400, 400, gone, NS_A, REASON_FIRST).send(1).bytes());
    Files.move(lateDir, mount.directoryOf("/system.slice/late.scope").orElseThrow());
    long late = id("/system.slice/late.scope");
    Flow g = (Flow) d.feed(tcp(8, 2_000, 401, 401, late, NS_A, REASON_FIRST).send(1).bytes()).get(0);
    assertEquals(Cgroup.unresolved(late), g.cgroup());

    assertEquals(List.of(), d.tick(3_000), "no walk is due yet");
    assertEquals(1, names.walks());
    clock.addAndGet(CgroupNames.WALK_INTERVAL_NS);
    Cgroup found = Cgroup.of(late, "/system.slice/late.scope");
    assertEquals(List.of(g.withOwner(4_000, 401, "srv", found)), d.tick(4_000),
        "the walk due finds it; the flow of the removed cgroup stays unresolved");
    assertEquals(2, names.walks());
    assertEquals(List.of(new Traffic(5_000, g.withOwner(4_000, 401, "srv", found), SEND, 2)),
        d.feed(KernelRecords.data().cookie(8).at(5_000).send(2).bytes()));
    clock.addAndGet(CgroupNames.WALK_INTERVAL_NS);
    assertEquals(List.of(), d.tick(6_000));
    assertEquals(2, names.walks(), "nothing waits: no more walks");
  }

  @Test
  void aCgroupRemovedBeforeItWasLookedUpIsUnresolvedAndTheHierarchyIsWalkedAtMostOncePerSecond() throws IOException {
    Decoding d = new Decoding(names);
    Files.createDirectories(mount.directoryOf("/system.slice/gone.scope").orElseThrow());
    long gone = id("/system.slice/gone.scope");
    // Made before the other goes, so that this file system cannot give it the same inode (cgroupfs never reuses ids).
    Path lateDir = Files.createDirectories(tmp.resolve("elsewhere/late.scope"));
    Files.delete(mount.directoryOf("/system.slice/gone.scope").orElseThrow());

    Flow f = (Flow) d.feed(tcp(7, 1_000, 400, 400, gone, NS_A, REASON_FIRST).send(1).bytes()).get(0);
    assertEquals(Cgroup.unresolved(gone), f.cgroup(), "the process is gone and so is its cgroup");
    assertEquals(1, names.walks());

    Files.move(lateDir, mount.directoryOf("/system.slice/late.scope").orElseThrow());
    long late = id("/system.slice/late.scope");
    Flow g = (Flow) d.feed(tcp(8, 2_000, 401, 401, late, NS_A, REASON_FIRST).send(1).bytes()).get(0);
    assertEquals(Cgroup.unresolved(late), g.cgroup(), "within a second of the last walk: not walked again");
    assertEquals(1, names.walks());

    clock.addAndGet(CgroupNames.WALK_INTERVAL_NS);
    Flow h = (Flow) d.feed(tcp(9, 3_000, 402, 402, late, NS_A, REASON_FIRST).send(1).bytes()).get(0);
    assertEquals(Cgroup.of(late, "/system.slice/late.scope"), h.cgroup(), "a second later the walk finds it");
    assertEquals("late.scope", h.cgroup().label());
    assertEquals(2, names.walks());
  }

  @Test
  void aProcessThatMovedSinceItsRecordIsResolvedByWalking() throws IOException {
    task(500, 500, NGINX);  // /proc says nginx.service now, the record said docker
    Decoding d = new Decoding(names);
    Flow f = (Flow) d.feed(tcp(7, 1_000, 500, 500, id(DOCKER), NS_A, REASON_FIRST).send(1).bytes()).get(0);
    assertEquals(Cgroup.of(id(DOCKER), DOCKER), f.cgroup());
    assertEquals(1, names.walks());
  }

  @Test
  void withoutCgroupV2NoFlowHasACgroup() {
    Decoding d = new Decoding(new CgroupNames(Optional.empty(), proc, clock::get));
    Flow f = (Flow) d.feed(tcp(7, 1_000, 100, 100, 1, NS_A, REASON_FIRST).send(1).bytes()).get(0);
    assertEquals(Cgroup.NONE, f.cgroup());
    assertEquals(NS_A, f.netns());
  }
}
