package io.tcptop.view;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.Loss;
import io.tcptop.event.SessionStart;
import io.tcptop.event.TcpState;
import io.tcptop.util.Addresses;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The streaming text view: a column header once, then one line per active connection per tick. */
final class TextView implements TickListener {
  private static final String ROW = "%-12s %-4s %-26s %-26s %7s %-15s %-12s %8s %8s %10s %10s %7s%s%n";
  private final PrintWriter out;
  private final Timestamps timestamps;
  private boolean headerPrinted;

  public TextView(PrintWriter out, Timestamps timestamps) {
    this.out = out;
    this.timestamps = timestamps;
  }

  @Override
  public void onStart(SessionStart header) {
    printHeaderOnce();
  }

  @Override
  public void onTick(long tsNs, long epochNs, List<ConnectionLine> lines) {
    if (lines.isEmpty()) {
      return;
    }
    printHeaderOnce();
    String time = timestamps.clock(epochNs);
    for (ConnectionLine l : lines) {
      var f = l.flow();
      String marks = (l.partial() ? " [PARTIAL]" : "") + (l.closed() ? " [CLOSED]" : "");
      out.printf(Locale.ROOT, ROW, time, f.proto().label(),
          Addresses.endpoint(f.localAddr(), f.localPort()),
          Addresses.endpoint(f.remoteAddr(), f.remotePort()),
          f.pid(), f.comm().isEmpty() ? "-" : f.comm(), l.state() == TcpState.NONE ? "-" : l.state().name(),
          Units.size(l.bytesIn()), Units.size(l.bytesOut()),
          Units.rate(l.rateIn()), Units.rate(l.rateOut()), Units.rtt(l.rttUs()), marks);
    }
    out.flush();
  }

  @Override
  public void onLoss(long epochNs, Loss loss) {
    printHeaderOnce();
    out.printf(Locale.ROOT, "%-12s LOST %d events (%s)%n", timestamps.clock(epochNs), loss.count(),
        loss.cause().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    out.flush();
  }

  @Override
  public void onFinish() {
    out.flush();
  }

  private void printHeaderOnce() {
    if (!headerPrinted) {
      headerPrinted = true;
      out.printf(Locale.ROOT, ROW, "TIME", "PROT", "LOCAL", "REMOTE", "PID", "COMM", "STATE",
          "IN", "OUT", "RATE_IN", "RATE_OUT", "RTT", "");
    }
  }
}
