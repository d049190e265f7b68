package io.tcptop.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An installed service of the package (tcptop-recorder.service, tcptop-export-hour.service), read
 * from its file, and its command started the way
 * systemd would start it, where systemd does not run (CI's machine, this one): in a mount
 * namespace with the unit's file system sandbox (the root read-only but for the state directory,
 * a private /tmp and /var/tmp, no /home or /root), as its user and group, with only its
 * capabilities (ambient and bounding set; none if it names none) and no new privileges (setpriv),
 * in its environment. Every [Service] directive is either
 * emulated here or known not to matter for a run of a few seconds; a new one fails the test
 * until it is one or the other.
 */
final class Unit {
  static final Path FILE = Path.of("/lib/systemd/system/tcptop-recorder.service");
  static final Path EXPORT_HOUR = Path.of("/lib/systemd/system/tcptop-export-hour.service");
  /**
   * Directives that decide what happens around a run (restarts, stopping), or only its priority
   * (Nice, IOSchedulingClass), not what it does.
   */
  static final Set<String> AROUND_A_RUN = Set.of("Type", "Restart", "RestartSec", "RestartPreventExitStatus", "TimeoutStopSec",
      "Nice", "IOSchedulingClass");
  static final Set<String> EMULATED = Set.of("ExecStart", "User", "Group", "AmbientCapabilities", "CapabilityBoundingSet",
      "NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp", "StateDirectory", "StateDirectoryMode", "UMask",
      "Environment");

  final Path file;
  final Map<String, Map<String, String>> sections;

  private Unit(Path file, Map<String, Map<String, String>> sections) {
    this.file = file;
    this.sections = sections;
  }

  /** The recorder's service. */
  static Unit installed() throws IOException {
    return installed(FILE);
  }

  static Unit installed(Path file) throws IOException {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : Files.readAllLines(file)) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
        continue;
      }
      if (t.startsWith("[")) {
        current = sections.computeIfAbsent(t.substring(1, t.length() - 1), k -> new LinkedHashMap<>());
      } else {
        int eq = t.indexOf('=');
        // Environment= may be given many times; each adds to the others.
        current.merge(t.substring(0, eq).strip(), t.substring(eq + 1).strip(), (a, b) -> a + " " + b);
      }
    }
    return new Unit(file, sections);
  }

  String service(String key) {
    return sections.get("Service").get(key);
  }

  String unit(String key) {
    return sections.get("Unit").get(key);
  }

  /** "CAP_BPF CAP_PERFMON" as setpriv's "-all,+bpf,+perfmon"; nothing (or no such line) as "-all". */
  static String caps(String unitCaps) {
    StringBuilder sb = new StringBuilder("-all");
    if (unitCaps == null || unitCaps.isBlank()) {
      return sb.toString();
    }
    for (String c : unitCaps.split("\\s+")) {
      sb.append(",+").append(c.toLowerCase(Locale.ROOT).replaceFirst("^cap_", ""));
    }
    return sb.toString();
  }

  /** The unit's ExecStart as systemd would run it (and {@code extraArgs} after it), as a process. */
  ProcessBuilder command(String... extraArgs) {
    for (String key : sections.get("Service").keySet()) {
      if (!EMULATED.contains(key) && !AROUND_A_RUN.contains(key)) {
        fail(file.getFileName() + " has " + key + "=, which this test neither emulates nor knows to be harmless: teach Unit");
      }
    }
    assertTrue(service("ProtectSystem").equals("strict") && service("ProtectHome").equals("yes")
        && service("PrivateTmp").equals("yes") && service("NoNewPrivileges").equals("yes"), "the sandbox emulated here");
    String state = "/var/lib/" + service("StateDirectory");
    String user = service("User");
    String group = service("Group");
    String mode = service("StateDirectoryMode");
    // What systemd does before ExecStart: the state directory with its owner and mode; the sandbox.
    String setup = String.join(" && ",
        "install -d -o " + user + " -g " + group + " " + state, "chown " + user + ":" + group + " " + state,
        "chmod " + mode + " " + state,
        "mount --bind " + state + " " + state, "mount -o remount,bind,ro /",
        "mount -t tmpfs -o mode=1777 private-tmp /tmp", "mount -t tmpfs -o mode=1777 private-var-tmp /var/tmp",
        "for d in /home /root /run/user; do [ -d $d ] && mount -t tmpfs -o ro,mode=000 protect-home $d; done; true",
        // and no JDK: the package brings its own runtime
        "{ [ ! -d /usr/lib/jvm ] || mount -t tmpfs -o ro,mode=755 nojdk /usr/lib/jvm; }");
    List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--", "sh", "-c",
        setup + " && exec setpriv --reuid " + user + " --regid " + group + " --init-groups"
            + " --inh-caps " + caps(service("AmbientCapabilities")) + " --ambient-caps " + caps(service("AmbientCapabilities"))
            + " --bounding-set " + caps(service("CapabilityBoundingSet")) + " --no-new-privs"
            + " -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=" + state
            + " USER=" + user + " LOGNAME=" + user + " LANG=C.UTF-8" + environment()
            + " sh -c 'umask " + service("UMask") + " && exec \"$@\"' sh \"$@\"", "sh"));
    cmd.addAll(List.of(service("ExecStart").split("\\s+")));
    cmd.addAll(List.of(extraArgs));
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }

  /** The unit's Environment= assignments, for env(1) (the package's have no spaces or quotes in them). */
  private String environment() {
    String env = service("Environment");
    if (env == null) {
      return "";
    }
    assertTrue(env.matches("[A-Za-z0-9_=/.:, -]*"), "Environment= this test passes to env(1) as words: " + env);
    return " " + env;
  }
}
