package io.tcptop.cli;

import static io.tcptop.cli.CommandLineTest.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --cgroup, --container and --netns everywhere the other filters are (record, replay, slice, dump)
 * and on the analyze commands: what they accept, what they refuse in one line, what they keep
 * (on the 'containers' fixture, format 3), and that journals of older formats simply have no owner.
 */
class OwnerFilterOptionsTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");
  static final String CONTAINERS = FIXTURES.resolve("containers").toString();
  static final String DOCKER = "3f2a1b9c0d1e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c";

  @TempDir Path tmp;

  static List<String> comms(Cli.Result r) {
    assertEquals(0, r.exit(), r.err());
    return r.outLines().stream().map(l -> JsonLines.field(l, "comm")).distinct().sorted().toList();
  }

  @Test
  void badOwnerFiltersAreOneLineUsageErrorsEverywhere() {
    String out = tmp.resolve("never").toString();
    assertUsageError(Cli.run("replay", CONTAINERS, "--netns", "abc"), "tcptop replay",
        "'abc' is not a network namespace: give its inode, e.g. 4026531840");
    assertUsageError(Cli.run("replay", CONTAINERS, "--netns", "0"), "tcptop replay", "is not a network namespace");
    assertUsageError(Cli.run("replay", CONTAINERS, "--cgroup", "/system.slice/../etc"), "tcptop replay",
        "is not a cgroup path");
    assertUsageError(Cli.run("slice", CONTAINERS, "-o", out, "--container", "docker/3f2a"), "tcptop slice",
        "'docker/3f2a' is not a container id prefix");
    assertUsageError(Cli.run("dump", CONTAINERS, "-o", out, "--last", "1m", "--netns", "net:[x]"), "tcptop dump",
        "is not a network namespace");
    assertUsageError(Cli.run("record", "-o", out, "--container", " "), "tcptop record", "is not a container id prefix");
    assertUsageError(Cli.analyze("top", CONTAINERS, "--cgroup", "a/./b"), "tcptop analyze top", "is not a cgroup path");
  }

  @Test
  void recordRefusesACgroupThatDoesNotExistBeforeLoadingAnything() {
    Cli.Result r = Cli.run("record", "-o", tmp.resolve("j").toString(), "--cgroup", "/tcptop-no-such.slice");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.errLines().get(0).startsWith("tcptop record: --cgroup /tcptop-no-such.slice: no such cgroup in the"
        + " cgroup v2 hierarchy at "), r.err());
  }

  @Test
  void replayKeepsTheConnectionsOfACgroupAContainerOrANamespace() {
    assertEquals(List.of("curl", "httpd"), comms(Cli.run("replay", CONTAINERS, "--format", "jsonl", "--container", "3F2A1b")));
    assertEquals(List.of("curl", "java"), comms(Cli.run("replay", CONTAINERS, "--format", "jsonl", "--cgroup",
        "kubepods.slice")));
    assertEquals(List.of("curl", "java"), comms(Cli.run("replay", CONTAINERS, "--format", "jsonl", "--netns",
        "4026532302")));
    assertEquals(List.of("curl", "httpd", "nginx"), comms(Cli.run("replay", CONTAINERS, "--format", "jsonl",
        "--cgroup", "/system.slice")), "nginx until its connection went to bash in a user session; psql's cgroup was"
        + " removed before it was named, so it is in none");
    assertEquals(List.of("bash"), comms(Cli.run("replay", CONTAINERS, "--format", "jsonl", "--cgroup", "/user.slice")));
    assertEquals(List.of("bash"), comms(Cli.run("replay", CONTAINERS, "--format", "jsonl", "--cgroup",
        "/sys/fs/cgroup/user.slice")), "the hierarchy's directory stands for its path");
    assertEquals(List.of("curl", "java"), comms(Cli.run("replay", CONTAINERS, "--format", "jsonl", "--cgroup",
        "/sys/fs/cgroup/unified/kubepods.slice/")), "below a hybrid host's mount too");
    Cli.Result old = Cli.run("replay", FIXTURES.resolve("tcp-v4").toString(), "--cgroup", "/");
    assertEquals(0, old.exit(), old.err());
    assertTrue(old.out().lines().count() <= 1, "a journal before owners has no connection in any cgroup: " + old.out());
  }

  @Test
  void analyzeReportsKeepTheConnectionsOfTheirFilter() {
    Cli.Result r = Cli.analyze("top", CONTAINERS, "--by", "cgroup", "--container", "3f2a", "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, r.outLines().size(), r.out());
    assertTrue(r.outLines().get(1).contains(",/system.slice/docker-" + DOCKER + ".scope,8001,docker," + DOCKER
        + ",2,2153,2153,4306,"), r.out());
    Cli.Result timeline = Cli.analyze("timeline", CONTAINERS, "--by", "container", "--netns", "4026532302",
        "--format", "csv");
    assertEquals(0, timeline.exit(), timeline.err());
    assertTrue(timeline.outLines().stream().skip(1).allMatch(l -> l.contains(",9b1c2d3e")), timeline.out());
  }
}
