package io.tcptop.top;

import java.util.List;

/**
 * Connections gathered under one key, with their totals: a row of the table grouped by process
 * or by cgroup.
 *
 * @param maxRttUs the largest smoothed RTT among them, -1 when none is known
 */
record Group(Key key, List<Row> rows, double rateIn, double rateOut, long bytesIn, long bytesOut, int maxRttUs) {

  /** What a group gathers its connections by; it stays selected and opened across frames. */
  sealed interface Key permits Owner, Cgroup {}

  /** A process as people tell processes apart: its pid and command name. */
  record Owner(int pid, String comm) implements Key {}

  /**
   * A cgroup as the table names it ({@link Column#cgroup}): a container, a systemd unit, a path;
   * "" for connections whose owner's cgroup is not known.
   */
  record Cgroup(String label) implements Key {}

  static Group of(Key key, List<Row> rows) {
    double in = 0;
    double out = 0;
    long bytesIn = 0;
    long bytesOut = 0;
    int rtt = -1;
    for (Row r : rows) {
      in += r.line().rateIn();
      out += r.line().rateOut();
      bytesIn += r.line().bytesIn();
      bytesOut += r.line().bytesOut();
      rtt = Math.max(rtt, r.line().rttUs());
    }
    return new Group(key, List.copyOf(rows), in, out, bytesIn, bytesOut, rtt);
  }

  /** The process's pid; 0 for a cgroup's group. */
  int pid() {
    return key instanceof Owner o ? o.pid() : 0;
  }

  /** The process's command name, or the cgroup's label: what groups are sorted by, by name. */
  String name() {
    return switch (key) {
      case Owner o -> o.comm();
      case Cgroup c -> c.label();
    };
  }

  /** The name every connection of the group shares in {@code column}, or "" when they differ. */
  String shared(java.util.function.Function<Row, String> column) {
    String first = rows.isEmpty() ? "" : column.apply(rows.getFirst());
    for (Row r : rows) {
      if (!column.apply(r).equals(first)) {
        return "";
      }
    }
    return first;
  }
}
