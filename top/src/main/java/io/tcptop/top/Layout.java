package io.tcptop.top;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which columns the table shows at a terminal width, and how wide each is. Every column gets the
 * width its widest visible cell needs when that fits. Otherwise the least needed columns go, in
 * {@link #DROP_ORDER}, while addresses and process names are shortened to a comfortable width (a
 * whole IPv4 endpoint: an address cut short is no use in an incident); only when every droppable
 * column is gone are they cut down to their minimum. The markers column is shown only when a
 * visible row has a marker.
 */
final class Layout {
  /**
   * Cumulative bytes and state first, then protocol, pid, namespace, RTT and cgroup: rates,
   * endpoints and process stay. In 80 columns a recording with owners shows whose cgroup (a
   * container, a unit) rather than RTT; the detail panel has both.
   */
  static final List<Column> DROP_ORDER = List.of(Column.OUT, Column.IN, Column.STATE, Column.PROTO, Column.PID,
      Column.NETNS, Column.RTT, Column.CGROUP);
  final List<Column> columns;
  final Map<Column, Integer> widths;

  private Layout(List<Column> columns, Map<Column, Integer> widths) {
    this.columns = columns;
    this.widths = widths;
  }

  int width(Column c) {
    return widths.get(c);
  }

  /** @param natural each column's widest cell (header included); an optional column 0 when no row has text in it */
  static Layout fit(int width, Map<Column, Integer> natural) {
    List<Column> shown = new ArrayList<>();
    for (Column c : Column.values()) {
      if (!c.optional || natural.getOrDefault(c, 0) > 0) {
        shown.add(c);
      }
    }
    Layout last = null;
    for (int dropped = 0; dropped <= DROP_ORDER.size(); dropped++) {
      if (dropped > 0) {
        shown.remove(DROP_ORDER.get(dropped - 1));
      }
      last = shrunk(shown, natural, width, true);
      if (last != null) {
        return last;
      }
      if (dropped == DROP_ORDER.size()) {
        last = shrunk(shown, natural, width, false);
        if (last != null) {
          return last;
        }
      }
    }
    // Nothing fits (the screen refuses widths this small): the line is cut at the edge.
    return new Layout(List.copyOf(shown), widths(shown, natural));
  }

  /** {@code shown} at their natural widths, elidable ones shortened to fit; null when they cannot. */
  private static Layout shrunk(List<Column> shown, Map<Column, Integer> natural, int width, boolean comfortable) {
    Map<Column, Integer> w = widths(shown, natural);
    int total = shown.size() - 1;
    for (Column c : shown) {
      total += w.get(c);
    }
    return shrink(shown, w, total - width, comfortable) > 0 ? null : new Layout(List.copyOf(shown), w);
  }

  private static Map<Column, Integer> widths(List<Column> shown, Map<Column, Integer> natural) {
    Map<Column, Integer> w = new EnumMap<>(Column.class);
    for (Column c : shown) {
      w.put(c, natural.getOrDefault(c, c.header.length()));
    }
    return w;
  }

  /** The width an address, process name or cgroup is shortened to before cutting deeper. */
  private static int comfortable(Column c) {
    return switch (c) {
      case PROCESS -> 12;
      case CGROUP -> 19; // docker:3f2a1b9c0d1e, whole
      default -> 21;
    };
  }

  /** Takes a column of width from the widest elidable column, one at a time, down to the floor; returns what is left over. */
  private static int shrink(List<Column> shown, Map<Column, Integer> w, int excess, boolean comfortable) {
    while (excess > 0) {
      Column widest = null;
      for (Column c : shown) {
        int floor = comfortable ? comfortable(c) : c.minWidth;
        if (c.elidable() && w.get(c) > floor && (widest == null || w.get(c) > w.get(widest))) {
          widest = c;
        }
      }
      if (widest == null) {
        return excess;
      }
      w.put(widest, w.get(widest) - 1);
      excess--;
    }
    return excess;
  }
}
