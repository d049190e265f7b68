package io.tcptop.top;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.util.Addresses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The table's entries for one frame and one way of looking at it: filtered by the typed text,
 * grouped by process, by cgroup or not at all, sorted. Made once per frame or change of view, not
 * per drawing.
 */
final class Table {

  /** How the user looks at the table. {@code open} holds the groups shown expanded. */
  record View(SortKey sort, boolean descending, String filter, Grouping grouping, Set<Group.Key> open) {}

  /** A line of the table; its key (a connection's number, or a group's key) is what stays selected. */
  sealed interface Entry {
    Object key();
  }

  record Connection(Row row, boolean inGroup) implements Entry {
    @Override
    public Object key() {
      return row.line().connection();
    }
  }

  record GroupEntry(Group group, boolean open) implements Entry {
    @Override
    public Object key() {
      return group.key();
    }
  }

  final List<Entry> entries;
  /** Connections that pass the filter, and all connections of the frame. */
  final int shown;
  final int total;

  private Table(List<Entry> entries, int shown, int total) {
    this.entries = entries;
    this.shown = shown;
    this.total = total;
  }

  static final Table EMPTY = new Table(List.of(), 0, 0);

  static Table of(Frame frame, View view) {
    List<Row> rows = filter(frame.rows(), view.filter());
    List<Entry> entries = new ArrayList<>(rows.size());
    if (view.grouping() == Grouping.NONE) {
      view.sort().sort(rows, view.descending());
      for (Row r : rows) {
        entries.add(new Connection(r, false));
      }
    } else {
      Map<Group.Key, List<Row>> byKey = new LinkedHashMap<>();
      for (Row r : rows) {
        var f = r.line().flow();
        Group.Key key = view.grouping() == Grouping.PROCESS ? new Group.Owner(f.pid(), f.comm()) : new Group.Cgroup(Column.cgroup(f));
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      }
      List<Group> groups = new ArrayList<>(byKey.size());
      byKey.forEach((key, members) -> groups.add(Group.of(key, members)));
      groups.sort(view.sort().groups(view.descending()));
      for (Group g : groups) {
        boolean open = view.open().contains(g.key());
        entries.add(new GroupEntry(g, open));
        if (open) {
          List<Row> members = new ArrayList<>(g.rows());
          view.sort().sort(members, view.descending());
          for (Row r : members) {
            entries.add(new Connection(r, true));
          }
        }
      }
    }
    return new Table(Collections.unmodifiableList(entries), rows.size(), frame.rows().size());
  }

  int indexOf(Object key) {
    if (key instanceof Long n) {
      long number = n;
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i) instanceof Connection c && c.row().line().connection() == number) {
          return i;
        }
      }
    } else if (key != null) {
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i) instanceof GroupEntry p && p.group().key().equals(key)) {
          return i;
        }
      }
    }
    return -1;
  }

  private static List<Row> filter(List<Row> rows, String text) {
    if (text.isEmpty()) {
      return new ArrayList<>(rows);
    }
    String needle = text.toLowerCase(Locale.ROOT);
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      if (matches(r.line(), needle)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The filter looks at what the row shows: process, pid, addresses with ports, protocol, state,
   * and the owner's cgroup (its path, which holds the container's whole id) and namespace.
   */
  static boolean matches(ConnectionLine l, String needle) {
    var f = l.flow();
    return f.comm().toLowerCase(Locale.ROOT).contains(needle)
        || (f.cgroup().isKnown() && (f.cgroup().path().toLowerCase(Locale.ROOT).contains(needle)
            || f.cgroup().label().toLowerCase(Locale.ROOT).contains(needle)))
        || (f.netns() != 0 && Long.toString(f.netns()).equals(needle))
        || Addresses.endpoint(f.localAddr(), f.localPort()).toLowerCase(Locale.ROOT).contains(needle)
        || Addresses.endpoint(f.remoteAddr(), f.remotePort()).toLowerCase(Locale.ROOT).contains(needle)
        || Integer.toString(f.pid()).equals(needle)
        || f.proto().label().equals(needle)
        || l.state().name().toLowerCase(Locale.ROOT).equals(needle);
  }
}
