package io.tcptop.top;

import io.tcptop.event.LossCause;
import io.tcptop.view.Units;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * The lines above the table: what is shown and the player's state; the tick's time and, over a
 * recording, its place in the timeline; the totals; and, once anything was lost, a LOSS banner
 * that stays (every rate and total after a loss undercounts); once reading skipped damaged parts
 * of a journal, a DAMAGED banner.
 */
final class Header {
  private Header() {}

  /** How many lines {@link #lines} adds: three, and a line for each banner. */
  static int height(Frame frame, Status status) {
    return 3 + (frame != null && frame.totals().lost() > 0 ? 1 : 0) + (status.damage() != null ? 1 : 0);
  }

  static void lines(List<AttributedString> out, Frame frame, Status status, int width, String filter, Table table) {
    String left = " tcptop top · " + status.source() + (frame == null ? "" : " · host " + frame.session().host());
    String right = status.state() + " ";
    if (left.length() + 1 + right.length() > width && width - right.length() - 1 >= 2) {
      // A long journal path loses its end rather than the player's state at the right.
      left = left.substring(0, width - right.length() - 2) + "…";
    }
    int gap = Math.max(1, width - left.length() - right.length());
    out.add(new AttributedString(left + " ".repeat(gap) + right, Styles.TITLE));
    out.add(time(frame, status, width));
    out.add(totals(frame, filter, table, width));
    if (frame != null && frame.totals().lost() > 0) {
      String banner = loss(frame.totals());
      out.add(new AttributedString(banner + " ".repeat(Math.max(0, width - banner.length())), Styles.LOSS));
    }
    if (status.damage() != null) {
      String banner = " DAMAGED: " + status.damage();
      out.add(new AttributedString(banner + " ".repeat(Math.max(0, width - banner.length())), Styles.LOSS));
    }
  }

  private static AttributedString time(Frame frame, Status status, int width) {
    if (frame == null) {
      return AttributedString.EMPTY;
    }
    String when = Texts.dateTime(frame.epochNs()) + " · tick " + Texts.count(frame.index() + 1);
    if (!status.hasTimeline()) {
      return new AttributedString(when + " · a tick every " + io.tcptop.util.Durations.format(frame.session().tickIntervalNs()));
    }
    long total = Math.max(0, status.endEpochNs() - status.startEpochNs());
    long at = Math.max(0, Math.min(total, frame.epochNs() - status.startEpochNs()));
    String where = when + " · +" + Texts.span(at) + " of " + Texts.span(total) + " ";
    AttributedStringBuilder sb = new AttributedStringBuilder().append(where);
    int bar = width - where.length() - 2;
    if (bar >= 10) {
      int filled = total == 0 ? bar : (int) Math.round((double) at / total * bar);
      sb.append('[').append("━".repeat(filled)).style(Styles.HINT).append("╌".repeat(bar - filled))
          .style(Styles.PLAIN).append(']');
    }
    return sb.toAttributedString();
  }

  /**
   * Connections, rates, events and losses; when that does not fit the width, the tick's events go
   * first and the filter is said tersely, so the lost count and the filter stay on screen.
   */
  private static AttributedString totals(Frame frame, String filter, Table table, int width) {
    if (frame == null) {
      return AttributedString.EMPTY;
    }
    Totals t = frame.totals();
    String head = Texts.plural(t.connections(), "connection", "connections")
        + " · in " + Units.rate(t.rateIn())
        + " · out " + Units.rate(t.rateOut())
        + " · events " + Texts.count(t.events());
    String tick = " (+" + Texts.count(t.tickEvents()) + ")";
    String lost = " · lost " + Texts.count(t.lost());
    String filtered = filter.isEmpty() ? "" : " · filter '" + filter + "': " + table.shown + " shown";
    String line = head + tick + lost + filtered;
    if (line.length() > width) {
      line = head + lost + filtered;
    }
    if (line.length() > width && !filter.isEmpty()) {
      line = head + lost + " · /" + filter + ": " + table.shown;
    }
    return new AttributedString(line);
  }

  private static String loss(Totals t) {
    String cause = cause(t.lastLossCause());
    if (t.tickLost() > 0) {
      return " LOSS: " + Texts.plural(t.tickLost(), "event", "events") + " lost in this tick (" + cause + "), "
          + Texts.count(t.lost()) + " since the start: rates and totals undercount";
    }
    return " LOSS: " + Texts.plural(t.lost(), "event", "events") + " lost since the start, the latest at "
        + Texts.clock(t.lastLossEpochNs()) + " (" + cause + "): rates and totals undercount";
  }

  private static String cause(LossCause c) {
    return c == null ? "unknown cause" : c.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
