package io.tcptop.slice;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.error.TcptopException;
import io.tcptop.event.Cgroup;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.SessionStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrubberTest {
  @TempDir Path tmp;

  Scrubber scrubber(String keyFile) {
    return new Scrubber(ScrubKey.create(tmp.resolve(keyFile)));
  }

  @Test
  void aFlowKeepsEverythingButItsAddressesAndProcessName() {
    Scrubber s = scrubber("k");
    Flow f = new Flow(7, 3, 99, Proto.TCP, 4, "10.1.2.3", 40000, "192.168.7.9", 443, 1234, "curl");
    Flow g = s.flow(f);
    assertEquals(f.tsNs(), g.tsNs());
    assertEquals(f.id(), g.id());
    assertEquals(f.cookie(), g.cookie());
    assertEquals(f.localPort(), g.localPort());
    assertEquals(f.remotePort(), g.remotePort());
    assertEquals(f.pid(), g.pid());
    assertNotEquals(f.localAddr(), g.localAddr());
    assertNotEquals(f.remoteAddr(), g.remoteAddr());
    assertTrue(g.comm().matches("proc-[a-z2-7]{8}"), g.comm());
    assertTrue(g.comm().length() <= 15);
    assertEquals(g, s.flow(f), "the same flow always scrubs alike");
  }

  @Test
  void aFlowsCgroupKeepsTheRuntimesConventionButNoNameOfAContainerPodOrUnit() {
    Scrubber s = scrubber("k");
    String id = "3f2a1b9c0d1e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c";
    String uid = "5e1c7d2a-8f3b-4c6d-9e0a-1b2c3d4e5f60";
    String podPath = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid.replace('-', '_')
        + ".slice/cri-containerd-" + id + ".scope";
    Cgroup pod = Cgroup.of(4711, podPath);
    Flow f = new Flow(7, 3, 99, Proto.TCP, 4, "10.1.2.3", 40000, "192.168.7.9", 443, 1234, "java", pod, 4026532301L);
    Flow g = s.flow(f);
    Cgroup c = g.cgroup();

    assertEquals(4711, c.id());
    assertEquals(4026532301L, g.netns(), "a namespace's inode means something on its host only");
    assertEquals("containerd", c.runtime());
    assertEquals(64, c.container().length());
    assertTrue(c.container().matches("[0-9a-f]{64}") && !c.container().equals(id), c.container());
    assertTrue(c.pod().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}") && !c.pod().equals(uid));
    assertEquals(Cgroup.of(4711, c.path()), c, "the scrubbed path names the scrubbed container and pod: " + c.path());
    assertTrue(c.path().startsWith("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"), c.path());
    assertFalse(c.path().contains(id) || c.path().contains(uid.replace('-', '_')), c.path());
    assertEquals(g, s.flow(f), "the same flow always scrubs alike");

    Cgroup docker = s.flow(f.withOwner(8, 1, "x", Cgroup.of(5, "/system.slice/docker-" + id + ".scope"))).cgroup();
    assertEquals(c.container(), docker.container(), "one container id scrubs alike wherever it appears");
    assertEquals("/system.slice/docker-" + c.container() + ".scope", docker.path());

    Cgroup unit = s.flow(f.withOwner(8, 1, "x", Cgroup.of(6, "/user.slice/user-1000.slice/session-3.scope"))).cgroup();
    assertTrue(unit.path().matches("/user\\.slice/unit-[a-z2-7]{8}\\.slice/unit-[a-z2-7]{8}\\.scope"), unit.path());
    assertEquals("systemd", unit.runtime());

    Cgroup unresolved = Cgroup.unresolved(9);
    assertEquals(unresolved, s.flow(f.withOwner(8, 1, "x", unresolved)).cgroup());
  }

  @Test
  void cgroupAndContainerFiltersInTheHeaderAreScrubbedToo() {
    Scrubber s = scrubber("k");
    String scrubbed = s.filters("--cgroup /system.slice/nginx.service --container 3f2a1b9c0d1e --netns 4026531840");
    assertTrue(scrubbed.matches("--cgroup /system\\.slice/unit-[a-z2-7]{8}\\.service --container [0-9a-f]{12} "
        + "--netns 4026531840"), scrubbed);
    assertFalse(scrubbed.contains("nginx") || scrubbed.contains("3f2a1b9c0d1e"), scrubbed);
  }

  @Test
  void aFlowIdDescribedAnewIsScrubbedAnew() {
    // Flow ids are reused (a new session, ids that wrap): a new description under the same id
    // must not get the scrubbed form of the one before.
    Scrubber s = scrubber("k");
    Flow first = new Flow(7, 3, 99, Proto.TCP, 4, "10.1.2.3", 40000, "192.168.7.9", 443, 1234, "curl");
    Flow again = new Flow(9, 3, 100, Proto.UDP, 4, "10.1.2.4", 40001, "192.168.7.10", 53, 1235, "dig");
    Flow a = s.flow(first);
    Flow b = s.flow(again);
    assertEquals(s.address("10.1.2.4", 4), b.localAddr());
    assertEquals(s.address("192.168.7.10", 4), b.remoteAddr());
    assertEquals(s.pseudonym("proc", "dig"), b.comm());
    assertEquals(Proto.UDP, b.proto());
    assertEquals(a, s.flow(first), "the first flow still scrubs as before");
    assertEquals(new Scrubber(ScrubKey.load(tmp.resolve("k"))).flow(again), b, "the same as a fresh scrubber's");
  }

  @Test
  void sharedPrefixesStayShared() {
    Scrubber s = scrubber("k");
    String a = s.address("10.1.2.3", 4);
    String b = s.address("10.1.2.200", 4);
    String c = s.address("10.9.0.1", 4);
    assertEquals(prefix(a, 3), prefix(b, 3), a + " " + b);
    assertEquals(prefix(a, 1), prefix(c, 1), a + " " + c);
    assertNotEquals(prefix(a, 2), prefix(c, 2), a + " " + c);
    String x = s.address("2001:db8::1", 6);
    String y = s.address("2001:db8::2", 6);
    assertEquals(x.substring(0, 9), y.substring(0, 9), x + " " + y);
  }

  @Test
  void anIpv4PeerSeenThroughADualStackSocketIsTheSamePeer() {
    Scrubber s = scrubber("k");
    assertEquals("::ffff:" + s.address("192.0.2.7", 4), s.address("::ffff:192.0.2.7", 6));
  }

  @Test
  void unspecifiedAddressesStay() {
    Scrubber s = scrubber("k");
    assertEquals("0.0.0.0", s.address("0.0.0.0", 4));
    assertEquals("::", s.address("::", 6));
  }

  @Test
  void theHeaderHidesTheHostAndTheNamesAndAddressesInItsFilters() {
    Scrubber s = scrubber("k");
    SessionStart h = new SessionStart(1, "db-prod-7", "6.18.0", "tcptop 0.1.0", 5, 1_000_000_000L,
        "--process postgres --port 5432 --address 10.1.0.0/16");
    SessionStart g = s.header(h);
    assertTrue(g.host().startsWith("host-"), g.host());
    assertFalse(g.filters().contains("postgres"), g.filters());
    assertFalse(g.filters().contains("10.1.0.0"), g.filters());
    assertTrue(g.filters().contains("--port 5432"), g.filters());
    assertTrue(g.filters().endsWith("/16"), g.filters());
    assertTrue(g.filters().contains(s.pseudonym("proc", "postgres")), "the filter names the same pseudonym as the flows");
    assertEquals(h.kernel(), g.kernel());
    assertEquals(h.wallClockOffsetNs(), g.wallClockOffsetNs());
  }

  @Test
  void anotherKeyGivesOtherResultsAndTheSameKeyFileTheSame() {
    Path file = tmp.resolve("key");
    Scrubber one = new Scrubber(ScrubKey.create(file));
    Scrubber again = new Scrubber(ScrubKey.load(file));
    Scrubber other = scrubber("other");
    assertEquals(one.address("10.0.0.1", 4), again.address("10.0.0.1", 4));
    assertEquals(one.pseudonym("proc", "nginx"), again.pseudonym("proc", "nginx"));
    assertNotEquals(one.address("10.0.0.1", 4), other.address("10.0.0.1", 4));
  }

  @Test
  void aNewKeyFileIsOwnerOnlyAndIsNeverOverwritten() throws Exception {
    Path file = tmp.resolve("key");
    ScrubKey.create(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    var e = assertThrows(TcptopException.class, () -> ScrubKey.create(file));
    assertTrue(e.getMessage().contains("exists"), e.getMessage());
  }

  @Test
  void badKeyFilesAreOneLineErrors() throws Exception {
    var missing = assertThrows(TcptopException.class, () -> ScrubKey.load(tmp.resolve("none")));
    assertTrue(missing.getMessage().contains("no such key file"), missing.getMessage());
    Path junk = Files.writeString(tmp.resolve("junk"), "not a key");
    var bad = assertThrows(TcptopException.class, () -> ScrubKey.load(junk));
    assertTrue(bad.getMessage().contains("is not a scrub key"), bad.getMessage());
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("junk"));
    var l = assertThrows(TcptopException.class, () -> ScrubKey.load(link));
    assertTrue(l.getMessage().contains("symbolic link"), l.getMessage());
  }

  static String prefix(String dotted, int octets) {
    String[] p = dotted.split("\\.");
    return String.join(".", java.util.Arrays.copyOf(p, octets));
  }
}
