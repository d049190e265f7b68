package io.tcptop.top;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.event.Cgroup;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.util.Addresses;
import io.tcptop.view.Units;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * The panel under the table for one connection: its 5-tuple and owner (with the owner's cgroup,
 * container and network namespace when the recording has them), its TCP states with their times,
 * and its rates and RTT now and as sparklines over the last minute of ticks.
 */
final class DetailPanel {
  private DetailPanel() {}

  private static final int HEIGHT = 7;
  private static final int LABEL = 8;
  private static final int VALUE = 32;

  /** The panel's lines for {@code row}: one more when its owner has a cgroup or its socket a namespace. */
  static int height(Row row) {
    return HEIGHT + (hasOwner(row.line().flow()) ? 1 : 0);
  }

  private static boolean hasOwner(Flow f) {
    return f.cgroup().id() != 0 || f.cgroup().isKnown() || f.netns() != 0;
  }

  /** @param gone the connection is no longer open: {@code row} is the last the screen saw of it */
  static List<AttributedString> lines(Row row, Frame frame, int width, boolean gone) {
    ConnectionLine l = row.line();
    var f = l.flow();
    History h = row.history();
    List<AttributedString> out = new ArrayList<>(height(row));
    String tuple = f.proto().label() + " " + Addresses.endpoint(f.localAddr(), f.localPort()) + " → "
        + Addresses.endpoint(f.remoteAddr(), f.remotePort());
    String title = "━━ connection " + l.connection() + " · " + tuple + (gone ? " · no longer open " : " ");
    out.add(new AttributedString(title + "━".repeat(Math.max(0, width - title.length())), Styles.LABEL));

    String marks = Column.marks(l);
    out.add(line("process", (f.comm().isEmpty() ? "-" : f.comm()) + ", pid " + f.pid()
        + " · first seen in the tick ending " + Texts.clock(h.firstEpochNs()) + (marks.isEmpty() ? "" : " · " + marks), null));
    if (hasOwner(f)) {
      out.add(line("cgroup", owner(f), null));
    }
    out.add(line("state", states(l, h, width - LABEL), null));

    long last = gone ? h.count() == 0 ? frame.index() : h.ticks()[h.count() - 1] : frame.index();
    int span = Math.max(1, Math.min(ticksPerMinute(frame), width - LABEL - VALUE - 1));
    out.add(line("in", Units.rate(l.rateIn()) + " now, " + Units.size(l.bytesIn()) + " in all",
        Sparkline.of(h.ratesIn(last, span))));
    out.add(line("out", Units.rate(l.rateOut()) + " now, " + Units.size(l.bytesOut()) + " in all",
        Sparkline.of(h.ratesOut(last, span))));
    double[] rtts = h.rtts(last, span);
    int[] range = range(rtts);
    String rtt = f.proto() == Proto.UDP ? "- (UDP)" : Units.rtt(l.rttUs()) + " now"
        + (range == null ? "" : " (" + Units.rtt(range[0]) + " to " + Units.rtt(range[1]) + ")");
    out.add(line("rtt", rtt, f.proto() == Proto.UDP ? null : Sparkline.of(rtts)));
    out.add(new AttributedString("sparklines: the last " + span + " ticks ("
        + io.tcptop.util.Durations.format(span * frame.session().tickIntervalNs()) + "), newest on the right · Esc closes", Styles.HINT));
    return out;
  }

  /**
   * The owner's cgroup as people name it, most telling first: the container (runtime, id) or the
   * systemd unit, the namespace, the pod, then the path; a cgroup removed before the recorder named
   * it by its id.
   */
  static String owner(Flow f) {
    Cgroup c = f.cgroup();
    List<String> parts = new ArrayList<>();
    if (!c.container().isEmpty()) {
      // The path that ends the line holds the whole id.
      String id = c.container().matches("[0-9a-f]{13,}") ? c.container().substring(0, 12) : c.container();
      parts.add(c.runtime() + " container " + id);
    } else if (!c.unit().isEmpty()) {
      parts.add(c.unit() + (c.runtime().isEmpty() ? "" : " (" + c.runtime() + ")"));
    }
    if (f.netns() != 0) {
      parts.add("netns " + f.netns());
    }
    if (!c.pod().isEmpty()) {
      parts.add("pod " + c.pod());
    }
    if (c.isKnown()) {
      parts.add(c.path());
    } else if (c.id() != 0) {
      parts.add("cgroup id " + c.id() + " (removed before it was named)");
    } else {
      parts.add("no cgroup");
    }
    return String.join(" · ", parts);
  }

  private static int ticksPerMinute(Frame frame) {
    return FrameMaker.trailTicks(frame.session().tickIntervalNs());
  }

  /** The smallest and largest RTT known over the sparkline's ticks; null when none is. */
  private static int[] range(double[] rtts) {
    double min = Double.MAX_VALUE;
    double max = -1;
    for (double v : rtts) {
      if (v >= 0) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return max < 0 ? null : new int[] {(int) min, (int) max};
  }

  private static AttributedString line(String label, String value, String spark) {
    AttributedStringBuilder sb = new AttributedStringBuilder();
    sb.style(Styles.LABEL).append(Texts.pad(label, LABEL, false)).style(Styles.PLAIN);
    if (spark == null) {
      sb.append(value);
    } else {
      sb.append(Texts.pad(value, VALUE, false)).append(' ').style(Styles.SPARK).append(spark).style(Styles.PLAIN);
    }
    return sb.toAttributedString();
  }

  /** The current state first, then the changes seen, as many of the latest as fit. */
  private static String states(ConnectionLine l, History h, int width) {
    if (h.states() == null) {
      return l.flow().proto() == Proto.UDP ? "- (UDP has no state)" : l.state().name() + " (no change seen)";
    }
    String now = l.state().name();
    List<StateStep> steps = h.states().last(Integer.MAX_VALUE);
    String text = "";
    for (int n = 1; n <= steps.size(); n++) {
      StringBuilder sb = new StringBuilder(now).append(" · ");
      List<StateStep> tail = steps.subList(steps.size() - n, steps.size());
      if (n < steps.size()) {
        sb.append("… → ");
      }
      for (int i = 0; i < tail.size(); i++) {
        StateStep s = tail.get(i);
        sb.append(i == 0 ? "" : " → ").append(s.state().name()).append(' ')
            .append(s.seeded() ? "(at start)" : Texts.clock(s.epochNs()));
      }
      if (sb.length() > width && n > 1) {
        break;
      }
      text = sb.toString();
    }
    return text;
  }
}
