package io.tcptop.slice;

import io.tcptop.event.Cgroup;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrubs what names a workload in a cgroup: container ids, pod UIDs and the names of units and
 * slices, each replaced by a keyed stand-in of the same form (a container id by as many hex
 * digits, a pod UID by a UID, {@code nginx.service} by {@code unit-qk3m2vxa.service}), so that a
 * scrubbed path still reads as the runtime's convention and names the same container wherever it
 * appears. What only says how the host is organised stays: {@code system.slice},
 * {@code kubepods.slice}, the QoS classes, the runtimes' prefixes ({@code docker-},
 * {@code cri-containerd-}). The cgroup id (an inode number) and the runtime stay.
 */
final class CgroupScrubber {
  /** Components that say how a host is organised, not what runs on it. */
  private static final Set<String> STRUCTURE = Set.of("system.slice", "user.slice", "machine.slice", "init.scope",
      "kubepods.slice", "kubepods", "kubepods-burstable.slice", "kubepods-besteffort.slice", "burstable", "besteffort",
      "kubelet.slice", "kubelet-kubepods.slice", "kubelet-kubepods-burstable.slice",
      "kubelet-kubepods-besteffort.slice", "docker", "libpod_parent", "lxc", "container");
  /** A pod UID (dashes, or underscores in systemd's slice names), or a container id of 12 to 64 hex digits. */
  private static final Pattern ID = Pattern.compile(
      "(?<uid>[0-9a-fA-F]{8}(?<sep>[-_])[0-9a-fA-F]{4}\\k<sep>[0-9a-fA-F]{4}\\k<sep>[0-9a-fA-F]{4}\\k<sep>[0-9a-fA-F]{12})"
          + "|(?<hex>(?<![0-9a-f])[0-9a-f]{12,64}(?![0-9a-f]))");
  private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{12,64}");
  private static final Pattern UNIT = Pattern.compile("(.+?)(\\.service|\\.scope|\\.slice)?");

  /** The keyed hash of a name of some kind, at least 32 bytes. */
  private final Function<String, byte[]> keyedHash;
  /** A stable pseudonym of a name of some kind ("unit-qk3m2vxa"). */
  private final BiFunction<String, String, String> pseudonym;

  CgroupScrubber(Function<String, byte[]> keyedHash, BiFunction<String, String, String> pseudonym) {
    this.keyedHash = keyedHash;
    this.pseudonym = pseudonym;
  }

  Cgroup cgroup(Cgroup c) {
    if (!c.isKnown()) {
      return c;
    }
    return new Cgroup(c.id(), path(c.path()), c.runtime(), container(c.container()), c.pod().isEmpty() ? "" : uid(c.pod()));
  }

  /** A container id by as many keyed hex digits (an lxc name, which is no hex id, by a pseudonym). */
  String container(String id) {
    if (id.isEmpty()) {
      return id;
    }
    return HEX_ID.matcher(id).matches() ? hex(id) : pseudonym.apply("ctr", id);
  }

  /** Each part of a cgroup path: ids replaced in place, other names of units and slices by pseudonyms. */
  String path(String path) {
    String[] parts = path.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = part(parts[i]);
    }
    return String.join("/", parts);
  }

  private String part(String part) {
    if (part.isEmpty() || STRUCTURE.contains(part)) {
      return part;
    }
    String replaced = replaceIds(part);
    if (!replaced.equals(part)) {
      return replaced;
    }
    Matcher m = UNIT.matcher(part);
    m.matches();
    return pseudonym.apply("unit", m.group(1)) + (m.group(2) == null ? "" : m.group(2));
  }

  /** Pod UIDs and container ids in one pass: a UID's last group must not be taken for an id afterwards. */
  private String replaceIds(String part) {
    Matcher m = ID.matcher(part);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = m.group("uid") != null
          ? uid(m.group("uid").replace('_', '-')).replace("-", m.group("sep"))
          : hex(m.group("hex"));
      m.appendReplacement(out, replacement);
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A pod UID (with dashes, any case) by a keyed one. */
  String uid(String uid) {
    String h = HexFormat.of().formatHex(keyedHash.apply("pod\0" + uid.toLowerCase(java.util.Locale.ROOT)));
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
        + h.substring(20, 32);
  }

  /** Hex digits by as many keyed ones; a prefix of an id is scrubbed like an id of its own. */
  String hex(String id) {
    String h = HexFormat.of().formatHex(keyedHash.apply("container\0" + id));
    return h.substring(0, Math.min(id.length(), h.length()));
  }
}
