package io.tcptop.cli;

import static io.tcptop.cli.JsonLines.field;
import static io.tcptop.cli.JsonLines.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.bpf.KernelTestSupport;
import io.tcptop.bpf.LoopbackPair;
import io.tcptop.bpf.TestCgroups;
import io.tcptop.bpf.TestNetns;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'tcptop record' (its own process, stopped with SIGTERM) of traffic generators in cgroups named
 * as the runtimes name theirs and in network namespaces, then replay, slice and analyze of the
 * journal: names travel with the journal, the filters in the kernel keep exactly what they should
 * and lose nothing, and the filters of replay, slice and analyze agree with them.
 */
class ContainersCommandTest {
  @TempDir Path tmp;
  TestCgroups cgroups;

  /** A container id that starts with {@code prefix}. */
  static String idStartingWith(String prefix) {
    return prefix + TestCgroups.containerId().substring(prefix.length());
  }

  static String docker(String id) {
    return "/system.slice/docker-" + id + ".scope";
  }

  static final String UID = TestCgroups.podUid();

  static String pod(String id) {
    return "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID.replace('-', '_')
        + ".slice/cri-containerd-" + id + ".scope";
  }

  @BeforeEach
  void cgroupsAndKernel() {
    KernelTestSupport.requireKernel();
    cgroups = TestCgroups.open();
  }

  @AfterEach
  void cleanUp() {
    if (cgroups != null) {
      cgroups.close();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A LoopbackPair run in the cgroup at {@code path}: a connection to itself moving out, then in, bytes. */
  long pair(String path, int port, int out, int in) {
    return TestCgroups.waitFor(cgroups.start(path, TestCgroups.java(LoopbackPair.class, "" + port, "" + out, "" + in)));
  }

  long pairIn(TestNetns ns, String path, int port, int out, int in) {
    return TestCgroups.waitFor(cgroups.start(cgroups.inCgroup(path,
        ns.exec(TestCgroups.java(LoopbackPair.class, "" + port, "" + out, "" + in)))));
  }

  /** The last replay line of each connection, by "pid local_port remote_port netns". */
  static Map<String, String> lastLines(String jsonl) {
    Map<String, String> last = new LinkedHashMap<>();
    for (String l : jsonl.lines().toList()) {
      last.put(number(l, "pid") + " " + number(l, "local_port") + " " + number(l, "remote_port") + " "
          + field(l, "netns"), l);
    }
    return last;
  }

  /** The client's and the server's last lines of the pair that {@code pid} ran on {@code port}. */
  static List<String> pairLines(Map<String, String> last, long pid, int port) {
    List<String> client = last.values().stream().filter(l -> number(l, "pid") == pid && number(l, "remote_port") == port)
        .toList();
    List<String> server = last.values().stream().filter(l -> number(l, "pid") == pid && number(l, "local_port") == port)
        .toList();
    assertEquals(1, client.size(), () -> "one client of " + pid + " on " + port + ": " + last.values());
    assertEquals(1, server.size(), () -> "one server of " + pid + " on " + port + ": " + last.values());
    return List.of(client.get(0), server.get(0));
  }

  static void assertPair(List<String> pair, int out, int in, String cgroup, String container, String netns) {
    assertEquals(out, number(pair.get(0), "bytes_out"), pair.get(0));
    assertEquals(in, number(pair.get(0), "bytes_in"), pair.get(0));
    assertEquals(out, number(pair.get(1), "bytes_in"), pair.get(1));
    assertEquals(in, number(pair.get(1), "bytes_out"), pair.get(1));
    for (String l : pair) {
      assertEquals(cgroup, field(l, "cgroup"), l);
      assertEquals(container, field(l, "container"), l);
      assertEquals(netns, field(l, "netns"), l);
    }
  }

  /** Starts a recorder with {@code args}, runs {@code traffic}, stops it with SIGTERM; returns its log. */
  String record(Path journal, List<String> jvmOptions, ThrowingRunnable traffic, String... args) throws Exception {
    Path log = tmp.resolve(journal.getFileName() + ".log");
    Process recorder = RecorderProcess.recording(journal, log, jvmOptions, args);
    traffic.run();
    Thread.sleep(500);
    recorder.destroy();
    assertTrue(recorder.waitFor(60, TimeUnit.SECONDS), "the recorder stops on SIGTERM");
    String out = Files.readString(log);
    assertEquals(0, recorder.exitValue(), out);
    return out;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static Cli.Result replay(Path journal, String... more) {
    List<String> args = new ArrayList<>(List.of("replay", journal.toString(), "--format", "jsonl"));
    args.addAll(List.of(more));
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains(" 0 events lost"), r.err());
    return r;
  }

  @Test
  void theContainerFilterInTheKernelKeepsItsContainersOneStartedLaterTooAndLosesNothing() throws Exception {
    String prefix = TestCgroups.containerId().substring(0, 10);
    String a = idStartingWith(prefix);
    String b = idStartingWith(prefix);
    String other = TestCgroups.containerId();
    cgroups.make(docker(a));
    cgroups.make(docker(other));
    cgroups.make(pod(other.substring(0, 8) + a.substring(8)));
    int port = freePort();
    Path journal = tmp.resolve("by-container");
    long[] pids = new long[4];
    String log = record(journal, List.of(), () -> {
      pids[0] = pair(docker(a), port, 1000, 100);
      pids[1] = pair(docker(other), port, 2000, 200);
      pids[2] = pair(pod(other.substring(0, 8) + a.substring(8)), port, 3000, 300);
      cgroups.make(docker(b));
      Thread.sleep(3_500); // the recorder looks at the hierarchy every second
      pids[3] = pair(docker(b), port, 4000, 400);
    }, "--container", prefix);

    assertTrue(log.contains("--container " + prefix + ": recording " + docker(b) + " too, from now on"), log);
    assertTrue(log.contains(", 0 lost,"), log);
    Map<String, String> last = lastLines(replay(journal).out());
    String host = Long.toString(hostNetns());
    assertPair(pairLines(last, pids[0], port), 1000, 100, docker(a), a, host);
    assertPair(pairLines(last, pids[3], port), 4000, 400, docker(b), b, host);
    assertEquals(4, last.size(), () -> "the two containers' connections only: " + last.values());
  }

  @Test
  void theCgroupAndNamespaceFiltersInTheKernelKeepExactlyTheirConnections() throws Exception {
    String id = TestCgroups.containerId();
    cgroups.make(docker(id));
    cgroups.make(pod(id));
    int port = freePort();
    long[] pids = new long[4];
    Path byCgroup = tmp.resolve("by-cgroup");
    record(byCgroup, List.of(), () -> {
      pids[0] = pair(docker(id), port, 1000, 100);
      pids[1] = pair(pod(id), port, 3000, 300);
    }, "--cgroup", "/kubepods.slice");
    Map<String, String> last = lastLines(replay(byCgroup).out());
    assertPair(pairLines(last, pids[1], port), 3000, 300, pod(id), id, Long.toString(hostNetns()));
    assertEquals(2, last.size(), () -> "the pod's connections only: " + last.values());

    try (TestNetns ns = TestNetns.create()) {
      Path byNetns = tmp.resolve("by-netns");
      String log = record(byNetns, List.of(), () -> {
        pids[2] = pair(docker(id), port, 1000, 100);
        pids[3] = pairIn(ns, docker(id), port, 5000, 500);
      }, "--netns", "net:[" + ns.inode() + "]");
      assertTrue(log.contains(", 0 lost,") && !log.contains("no such network namespace"),
          () -> "a namespace `ip netns` holds, with no process in it yet, exists: " + log);
      Map<String, String> inNs = lastLines(replay(byNetns).out());
      assertPair(pairLines(inNs, pids[3], port), 5000, 500, docker(id), id, Long.toString(ns.inode()));
      assertEquals(2, inNs.size(), () -> "the namespace's connections only: " + inNs.values());
    }
  }

  @Test
  void aJournalReadElsewhereShowsTheSameNamesAndReplaySliceAndAnalyzeFilterAlike() throws Exception {
    String id = TestCgroups.containerId();
    String podId = TestCgroups.containerId();
    cgroups.make(docker(id));
    cgroups.make(pod(podId));
    // No runtime's name, and what CSV and JSON must quote or escape in it.
    String odd = "/tcptop test," + id.substring(0, 8) + "/\"odd\" worker";
    cgroups.make(odd);
    int port = 8080;
    long[] pids = new long[4];
    Path journal = tmp.resolve("all");
    try (TestNetns ns = TestNetns.create()) {
      record(journal, List.of(), () -> {
        pids[0] = pair(docker(id), port, 1000, 100);
        pids[1] = pair(pod(podId), port, 3000, 300);
        pids[2] = pairIn(ns, docker(id), port, 5000, 500);
        pids[3] = pair(odd, port, 900, 90);
      });
      String netns = Long.toString(ns.inode());
      String host = Long.toString(hostNetns());

      Path copy = tmp.resolve("elsewhere/all");
      copyTree(journal, copy);
      String original = replay(journal).out();
      assertEquals(original, replay(copy).out(), "the copy reads the same, names included");
      Map<String, String> last = lastLines(original);
      assertPair(pairLines(last, pids[0], port), 1000, 100, docker(id), id, host);
      assertPair(pairLines(last, pids[1], port), 3000, 300, pod(podId), podId, host);
      assertPair(pairLines(last, pids[2], port), 5000, 500, docker(id), id, netns);
      String jsonOdd = "\"cgroup\":\"/tcptop test," + id.substring(0, 8) + "/\\\"odd\\\" worker\",\"container\":null,"
          + "\"netns\":" + host + "}";
      assertEquals(2, last.values().stream().filter(l -> number(l, "pid") == pids[3] && l.endsWith(jsonOdd)
          && number(l, "bytes_in") + number(l, "bytes_out") == 990).count(), () -> jsonOdd + " in " + last.values());
      Cli.Result csv = Cli.run("replay", copy.toString(), "--format", "csv", "--cgroup", "/tcptop test," + id.substring(0, 8));
      assertEquals(0, csv.exit(), csv.err());
      String csvOdd = ",\"/tcptop test," + id.substring(0, 8) + "/\"\"odd\"\" worker\",," + host;
      assertTrue(csv.outLines().size() > 1 && csv.outLines().stream().skip(1).allMatch(l -> l.endsWith(csvOdd)),
          () -> csvOdd + " in " + csv.outLines());

      Map<String, String> byContainer = lastLines(replay(copy, "--container", id.substring(0, 12)).out());
      assertEquals(4, byContainer.size(), () -> "both namespaces of the container: " + byContainer.values());
      assertTrue(byContainer.values().stream().allMatch(l -> field(l, "container").equals(id)));
      Map<String, String> byCgroup = lastLines(replay(copy, "--cgroup", "/kubepods.slice/").out());
      assertEquals(2, byCgroup.size(), () -> byCgroup.values().toString());
      Map<String, String> byNetns = lastLines(replay(copy, "--netns", netns).out());
      assertPair(pairLines(byNetns, pids[2], port), 5000, 500, docker(id), id, netns);
      assertEquals(2, byNetns.size(), () -> byNetns.values().toString());

      Path slice = tmp.resolve("slice");
      Cli.Result sliced = Cli.run("slice", copy.toString(), "-o", slice.toString(), "--container", id.substring(0, 12));
      assertEquals(0, sliced.exit(), sliced.err());
      assertEquals(replay(copy, "--container", id.substring(0, 12)).out(), replay(slice).out());

      Cli.Result top = Cli.analyze("top", copy.toString(), "--by", "container", "--format", "csv");
      assertEquals(0, top.exit(), top.err());
      List<String> rows = top.outLines();
      assertTrue(rows.get(0).startsWith("host,runtime,container,pod,connections,bytes_in,bytes_out,bytes,"), rows.get(0));
      String dockerRow = rows.stream().filter(r -> r.contains("," + id + ",")).findFirst().orElseThrow(() -> new AssertionError(rows));
      assertTrue(dockerRow.contains(",docker," + id + ",,4,6600,6600,13200,"), dockerRow);
      String podRow = rows.stream().filter(r -> r.contains("," + podId + ",")).findFirst().orElseThrow(() -> new AssertionError(rows));
      assertTrue(podRow.contains(",containerd," + podId + "," + UID + ",2,3300,3300,6600,"), podRow);

      Cli.Result filtered = Cli.analyze("sql", copy.toString(), "--netns", netns, "--format", "csv",
          "SELECT count(*) AS n, sum(bytes_in) AS received FROM connections");
      assertEquals(0, filtered.exit(), filtered.err());
      assertEquals(List.of("n,received", "2,5500"), filtered.outLines());
    }
  }

  /** The service's way: 'record --config FILE' with the owner keys filters as the options do, in the kernel. */
  @Test
  void aConfigurationFilesOwnerKeysFilterInTheKernelAsTheOptionsDo() throws Exception {
    String id = TestCgroups.containerId();
    String other = TestCgroups.containerId();
    cgroups.make(docker(id));
    cgroups.make(docker(other));
    int port = freePort();
    Path journal = tmp.resolve("configured");
    Path config = Files.writeString(tmp.resolve("recorder.conf"), "journal = " + journal + "\nmax-age = 5m\n"
        + "cgroup = /sys/fs/cgroup/system.slice\ncontainer = " + id.substring(0, 12).toUpperCase(java.util.Locale.ROOT)
        + "\nnetns = net:[" + hostNetns() + "]\n");
    Path log = tmp.resolve("configured.log");
    RecorderProcess recorder = RecorderProcess.start(log, List.of(), "--config", config.toString());
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!RecorderProcess.hasCycleFile(journal) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(300);
    long kept = pair(docker(id), port, 1000, 100);
    pair(docker(other), port, 2000, 200);
    Thread.sleep(500);
    recorder.process().destroy();
    assertTrue(recorder.process().waitFor(60, TimeUnit.SECONDS), "the recorder stops on SIGTERM");
    String out = Files.readString(log);
    assertEquals(0, recorder.process().exitValue(), out);
    assertTrue(out.contains(", 0 lost,"), out);

    Map<String, String> last = lastLines(replay(journal).out());
    assertPair(pairLines(last, kept, port), 1000, 100, docker(id), id, Long.toString(hostNetns()));
    assertEquals(2, last.size(), () -> "the container's connections only: " + last.values());
    Cli.Result filters = Cli.analyze("sql", journal.toString(), "SELECT filters FROM sessions", "--format", "csv");
    assertEquals(List.of("filters", "--cgroup /system.slice --container " + id.substring(0, 12) + " --netns " + hostNetns()),
        filters.outLines());
  }

  @Test
  void aNamespaceThatDoesNotExistIsSaidOnceAndTheRecordingGoesOn() throws Exception {
    long none = 4_294_967_295L;  // nsfs numbers namespaces from 4026531835 up: this one is far beyond
    String log = record(tmp.resolve("no-netns"), List.of(), () -> { }, "--netns", Long.toString(none));
    assertEquals(1, log.lines().filter(l -> l.contains("--netns " + none + ": no such network namespace now")).count(),
        log);
    assertTrue(log.contains(", 0 lost,"), log);
  }

  @Test
  void aHostWithCgroupV1OnlySaysSoOnceAndRecordsEverythingElse() throws Exception {
    Path mountinfo = Files.writeString(tmp.resolve("mountinfo"), """
        22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/root rw
        30 22 0:27 / /sys/fs/cgroup rw,relatime shared:9 - tmpfs tmpfs rw,mode=755
        31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime shared:10 - cgroup cgroup rw,cpu
        """);
    String id = TestCgroups.containerId();
    cgroups.make(docker(id));
    int port = freePort();
    long[] pid = new long[1];
    Path journal = tmp.resolve("v1");
    String log = record(journal, List.of("-Dtcptop.mountinfo=" + mountinfo), () -> pid[0] = pair(docker(id), port, 700, 70));
    String note = "no cgroup v2 hierarchy is mounted (cgroup v1 only): flows carry no cgroup or container";
    assertEquals(1, log.lines().filter(l -> l.contains(note)).count(), log);
    assertTrue(log.contains(", 0 lost,"), log);
    Map<String, String> last = lastLines(replay(journal).out());
    List<String> pair = pairLines(last, pid[0], port);
    assertEquals(700, number(pair.get(0), "bytes_out"));
    assertEquals("null", field(pair.get(0), "cgroup"));

    Process refused = RecorderProcess.start(tmp.resolve("refused.log"), List.of("-Dtcptop.mountinfo=" + mountinfo),
        "-o", tmp.resolve("refused").toString(), "--container", "3f2a").process();
    assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
    String refusedLog = Files.readString(tmp.resolve("refused.log"));
    assertEquals(1, refused.exitValue(), refusedLog);
    assertTrue(refusedLog.strip().endsWith("--container needs a cgroup v2 hierarchy, and this host has none mounted"
        + " (cgroup v1 only): filter by --pid or --process instead"), refusedLog);
  }

  static long hostNetns() throws IOException {
    return (Long) Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino");
  }

  static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
