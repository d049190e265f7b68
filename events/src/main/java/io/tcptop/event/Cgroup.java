package io.tcptop.event;

import io.tcptop.util.CgroupPaths;

/**
 * The cgroup (v2) a flow's owner ran in when the flow was described, as the recorder resolved it,
 * and what its path says about the container: stored in the journal with the id, so a recording
 * read on another machine shows names, not numbers.
 *
 * @param id the cgroup's id (the inode of its directory, what {@code bpf_get_current_cgroup_id}
 *     returns); 0 when unknown: an older journal, softirq context, a host without cgroup v2
 * @param path its path below the cgroup v2 root, as {@code /proc/PID/cgroup} shows it
 *     ({@code /system.slice/nginx.service}); "" when the id could not be resolved (the cgroup was
 *     removed before the recorder looked)
 * @param runtime who made it, by the runtimes' naming conventions: {@code docker},
 *     {@code containerd}, {@code cri-o}, {@code podman}, {@code kubernetes}, {@code lxc},
 *     {@code systemd}; "" when the path follows no convention
 * @param container the container's id (lower-case hex, or a name for lxc); "" when none
 * @param pod the Kubernetes pod's UID (with dashes); "" when none
 */
public record Cgroup(long id, String path, String runtime, String container, String pod) {

  /** No cgroup known. */
  public static final Cgroup NONE = new Cgroup(0, "", "", "", "");

  /** The cgroup with this id and path, runtime, container and pod read from the path. */
  public static Cgroup of(long id, String path) {
    CgroupPaths.Owner o = CgroupPaths.parse(path);
    return new Cgroup(id, path, o.runtime(), o.container(), o.pod());
  }

  /** A cgroup whose id is known but whose path could not be found (it was removed first). */
  public static Cgroup unresolved(long id) {
    return id == 0 ? NONE : new Cgroup(id, "", "", "", "");
  }

  public boolean isKnown() {
    return !path.isEmpty();
  }

  /** The systemd unit its path ends in ({@code nginx.service}, {@code session-3.scope}), or "". */
  public String unit() {
    return container.isEmpty() ? CgroupPaths.parse(path).unit() : "";
  }

  /**
   * A short name for a narrow column: the runtime and the container id's first 12 characters
   * ({@code docker:3f2a1b9c0d1e}), else the systemd unit, else the path; "" when unknown.
   */
  public String label() {
    if (!container.isEmpty()) {
      return runtime + ":" + container.substring(0, Math.min(12, container.length()));
    }
    String unit = unit();
    return unit.isEmpty() ? path : unit;
  }

  /** Whether this cgroup is {@code ancestor} or lies below it (both paths as {@link #path} writes them). */
  public boolean isWithin(String ancestor) {
    if (!isKnown()) {
      return false;
    }
    if (ancestor.equals("/") || path.equals(ancestor)) {
      return true;
    }
    return path.startsWith(ancestor) && path.charAt(ancestor.length()) == '/';
  }
}
