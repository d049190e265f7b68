package io.tcptop.util;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cgroup v2 path says about who runs in it, by the naming conventions of the container
 * runtimes and of systemd. Only the path is read (nothing on disk), so a path recorded on one host
 * means the same anywhere. A path that follows no convention gives empty fields, never an error.
 *
 * <p>Conventions recognised, per path component; the innermost container wins (docker in docker,
 * a kind node's pods), the pod and QoS class come from any component:
 * <ul>
 *   <li>docker: {@code docker-<64 hex>.scope} (systemd driver), {@code docker/<64 hex>} (cgroupfs)
 *   <li>containerd (CRI): {@code cri-containerd-<hex>.scope}
 *   <li>CRI-O: {@code crio-<hex>.scope} ({@code crio-conmon-<hex>.scope} is its monitor, a unit)
 *   <li>podman: {@code libpod-<hex>.scope}, {@code libpod_parent/libpod-<hex>} (the conmon scope is a unit)
 *   <li>Kubernetes: {@code kubepods[-QOS]-pod<uid with _>.slice} (systemd driver; kind prefixes
 *       {@code kubelet-}) or
 *       {@code kubepods/[QOS/]pod<uid>} (cgroupfs); a bare {@code <64 hex>} below a pod is a container
 *       whose runtime the path does not name ({@code kubernetes}). QoS: {@code guaranteed} for a pod
 *       directly below kubepods, else {@code burstable} or {@code besteffort}
 *   <li>lxc: {@code lxc.payload.<name>} or {@code lxc/<name>}: the name is the container
 *   <li>systemd: the last {@code .service} or {@code .scope} component names the unit
 *       ({@code system.slice/nginx.service}, {@code user.slice/user-1000.slice/session-3.scope})
 * </ul>
 */
public final class CgroupPaths {
  private CgroupPaths() {}

  /**
   * What a path says.
   *
   * @param runtime docker, containerd, cri-o, podman, kubernetes, lxc, systemd, or ""
   * @param container the container id (or lxc name), or ""
   * @param pod the Kubernetes pod UID with dashes, or ""
   * @param qos the pod's QoS class (guaranteed, burstable, besteffort), or ""
   * @param unit the systemd unit of a cgroup that is no container, or ""
   */
  public record Owner(String runtime, String container, String pod, String qos, String unit) {
    static final Owner NONE = new Owner("", "", "", "", "");
  }

  private static final String HEX = "([0-9a-f]{12,64})";
  private static final Pattern SCOPED = Pattern.compile(
      "(docker|cri-containerd|crio|libpod)-" + HEX + "\\.scope");
  private static final Pattern BARE_ID = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern LIBPOD_CGROUPFS = Pattern.compile("libpod-" + HEX);
  private static final Pattern LXC_PAYLOAD = Pattern.compile("lxc\\.payload\\.(.+)");
  private static final Pattern SYSTEMD_POD = Pattern.compile(
      "(?:[a-z]+-)?kubepods(?:-(burstable|besteffort))?-pod([0-9a-fA-F_]{36})\\.slice");
  /** kubepods, or a prefixed one such as kind's kubelet-kubepods.slice. */
  private static final Pattern KUBEPODS = Pattern.compile("(?:[a-z]+-)?kubepods(?:\\.slice)?");
  private static final Pattern CGROUPFS_POD = Pattern.compile("pod([0-9a-fA-F-]{36})");
  private static final Pattern UNIT = Pattern.compile(".+\\.(service|scope)");

  /** Reads the owner from a path such as {@code /system.slice/docker-3f2a….scope}. */
  public static Owner parse(String path) {
    if (path == null || path.isEmpty()) {
      return Owner.NONE;
    }
    String[] parts = path.split("/");
    String runtime = "";
    String container = "";
    String pod = "";
    String qos = "";
    String unit = "";
    boolean inKubepods = false;
    String previous = "";
    int depth = 0;
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      depth++;
      Matcher m;
      if ((m = SCOPED.matcher(part)).matches()) {
        runtime = runtimeOfPrefix(m.group(1));
        container = m.group(2);
        unit = "";
      } else if (previous.equals("docker") && BARE_ID.matcher(part).matches()) {
        runtime = "docker";
        container = part;
      } else if (previous.equals("libpod_parent") && (m = LIBPOD_CGROUPFS.matcher(part)).matches()) {
        runtime = "podman";
        container = m.group(1);
      } else if ((m = LXC_PAYLOAD.matcher(part)).matches()) {
        runtime = "lxc";
        container = m.group(1);
      } else if (previous.equals("lxc") && depth == 2) {
        runtime = "lxc";
        container = part;
      } else if (KUBEPODS.matcher(part).matches()) {
        inKubepods = true;
      } else if (inKubepods && (m = SYSTEMD_POD.matcher(part)).matches()) {
        pod = m.group(2).replace('_', '-').toLowerCase(Locale.ROOT);
        qos = m.group(1) == null ? "guaranteed" : m.group(1);
      } else if (inKubepods && (m = CGROUPFS_POD.matcher(part)).matches()) {
        pod = m.group(1).toLowerCase(Locale.ROOT);
        qos = previous.equals("burstable") || previous.equals("besteffort") ? previous : "guaranteed";
      } else if (!pod.isEmpty() && BARE_ID.matcher(part).matches()) {
        runtime = "kubernetes";
        container = part;
      } else if (UNIT.matcher(part).matches()) {
        unit = part;
      }
      previous = part;
    }
    if (container.isEmpty() && !pod.isEmpty()) {
      runtime = "kubernetes";
    }
    if (container.isEmpty() && pod.isEmpty() && !unit.isEmpty()) {
      runtime = "systemd";
    }
    return new Owner(runtime, container, pod, qos, container.isEmpty() ? unit : "");
  }

  private static String runtimeOfPrefix(String prefix) {
    return switch (prefix) {
      case "docker" -> "docker";
      case "cri-containerd" -> "containerd";
      case "crio" -> "cri-o";
      case "libpod" -> "podman";
      default -> throw new IllegalArgumentException(prefix);
    };
  }
}
