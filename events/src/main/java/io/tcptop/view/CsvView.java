package io.tcptop.view;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.TcpState;
import java.io.PrintWriter;
import java.util.List;

/** RFC 4180 CSV with the same columns as the JSONL view, header first. */
public final class CsvView implements TickListener {
  public static final String HEADER = "ts,proto,local_addr,local_port,remote_addr,remote_port,pid,comm,"
      + "state,bytes_in,bytes_out,rate_in,rate_out,rtt_us,partial,closed";
  private final PrintWriter out;
  private boolean headerPrinted;

  public CsvView(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onStart(io.tcptop.event.SessionStart header) {
    printHeaderOnce();
  }

  @Override
  public void onTick(long tsNs, long epochNs, List<ConnectionLine> lines) {
    if (lines.isEmpty()) {
      return;
    }
    printHeaderOnce();
    String ts = Timestamps.iso(epochNs);
    for (ConnectionLine l : lines) {
      var f = l.flow();
      out.println(String.join(",", ts, f.proto().label(), f.localAddr(), Integer.toString(f.localPort()),
          f.remoteAddr(), Integer.toString(f.remotePort()), Integer.toString(f.pid()), Escapes.csv(f.comm()),
          l.state() == TcpState.NONE ? "" : l.state().name(),
          Long.toString(l.bytesIn()), Long.toString(l.bytesOut()),
          Formats.rate(l.rateIn()), Formats.rate(l.rateOut()),
          l.rttUs() < 0 ? "" : Integer.toString(l.rttUs()),
          Boolean.toString(l.partial()), Boolean.toString(l.closed())));
    }
    out.flush();
  }

  private void printHeaderOnce() {
    if (!headerPrinted) {
      headerPrinted = true;
      out.println(HEADER);
    }
  }

}
