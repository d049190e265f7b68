package io.tcptop.view;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.TcpState;
import java.io.PrintWriter;
import java.util.List;

/** One JSON object per connection per tick; field names are part of tcptop's interface. */
public final class JsonlView implements TickListener {
  private final PrintWriter out;
  private final StringBuilder sb = new StringBuilder(320);

  public JsonlView(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onTick(long tsNs, long epochNs, List<ConnectionLine> lines) {
    if (lines.isEmpty()) {
      return;
    }
    String ts = Timestamps.iso(epochNs);
    for (ConnectionLine l : lines) {
      var f = l.flow();
      sb.setLength(0);
      sb.append("{\"ts\":\"").append(ts).append('"')
          .append(",\"proto\":\"").append(f.proto().label()).append('"')
          .append(",\"local_addr\":\"").append(f.localAddr()).append('"')
          .append(",\"local_port\":").append(f.localPort())
          .append(",\"remote_addr\":\"").append(f.remoteAddr()).append('"')
          .append(",\"remote_port\":").append(f.remotePort())
          .append(",\"pid\":").append(f.pid())
          .append(",\"comm\":");
      Escapes.json(sb, f.comm());
      sb.append(",\"state\":");
      if (l.state() == TcpState.NONE) {
        sb.append("null");
      } else {
        sb.append('"').append(l.state().name()).append('"');
      }
      sb.append(",\"bytes_in\":").append(l.bytesIn())
          .append(",\"bytes_out\":").append(l.bytesOut())
          .append(",\"rate_in\":").append(Formats.rate(l.rateIn()))
          .append(",\"rate_out\":").append(Formats.rate(l.rateOut()))
          .append(",\"rtt_us\":").append(l.rttUs() < 0 ? "null" : Integer.toString(l.rttUs()))
          .append(",\"partial\":").append(l.partial())
          .append(",\"closed\":").append(l.closed())
          .append('}');
      out.println(sb);
    }
    out.flush();
  }
}
