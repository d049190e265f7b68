package io.tcptop.top;

import java.util.List;

/**
 * One process's connections, with their totals: a row of the table grouped by process.
 *
 * @param maxRttUs the largest smoothed RTT among them, -1 when none is known
 */
record Group(Owner owner, List<Row> rows, double rateIn, double rateOut, long bytesIn, long bytesOut, int maxRttUs) {

  /** A process as people tell processes apart: its pid and command name. */
  record Owner(int pid, String comm) {}

  static Group of(Owner owner, List<Row> rows) {
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
    return new Group(owner, List.copyOf(rows), in, out, bytesIn, bytesOut, rtt);
  }
}
