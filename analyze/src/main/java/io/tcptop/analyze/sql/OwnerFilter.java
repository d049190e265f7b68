package io.tcptop.analyze.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The owner filters of the analyze commands as SQL conditions on the views' owner columns: the
 * same meaning as replay's --cgroup (that cgroup and below), --container (an id prefix) and
 * --netns. A row of an export without owner columns (an older journal) has none and never passes.
 *
 * @param cgroup a cgroup path such as {@code /system.slice}, or null
 * @param container a container id prefix, or null
 * @param netns a network namespace inode, or null
 */
public record OwnerFilter(String cgroup, String container, Long netns) {
  public static final OwnerFilter NONE = new OwnerFilter(null, null, null);

  public boolean isNone() {
    return cgroup == null && container == null && netns == null;
  }

  /** The condition on a row of flows, connections or bandwidth; {@code true} when there is no filter. */
  String flowCondition() {
    List<String> terms = new ArrayList<>();
    if (cgroup != null) {
      terms.add(cgroup.equals("/") ? "cgroup IS NOT NULL"
          : "(cgroup = " + Views.literal(cgroup) + " OR starts_with(cgroup, " + Views.literal(cgroup + "/") + "))");
    }
    if (container != null) {
      terms.add("starts_with(container, " + Views.literal(container) + ")");
    }
    if (netns != null) {
      terms.add("netns = " + netns);
    }
    return terms.isEmpty() ? "true" : "(" + String.join(" AND ", terms) + ")";
  }

  /** Records without a flow (start, tick, loss, end) pass; those of a flow pass with it. */
  String eventCondition() {
    return isNone() ? "true" : "(e.flow_ref IS NULL OR f.flow_ref IS NOT NULL)";
  }
}
