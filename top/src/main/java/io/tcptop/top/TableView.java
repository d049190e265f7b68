package io.tcptop.top;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws the visible part of the table: the column names (the sort marked), then one line per
 * entry, cells cut and padded to the {@link Layout} that fits the widest visible cells into the
 * width. The selected line is inverted across the screen; a connection that closed is dimmed, a
 * process group bold.
 */
final class TableView {
  private TableView() {}

  /** @param empty what the first line says when there is no entry to show */
  static void lines(List<AttributedString> out, List<Table.Entry> visible, int rows, Object selected, SortKey sort,
                    boolean descending, int width, AttributedString empty) {
    Column[] all = Column.values();
    String[][] cells = new String[visible.size()][all.length];
    Map<Column, Integer> natural = new EnumMap<>(Column.class);
    for (Column c : all) {
      natural.put(c, c.optional ? 0 : c.header.length() + (sort.marks(c) ? 1 : 0));
    }
    Set<String> namespaces = new HashSet<>();
    for (int r = 0; r < visible.size(); r++) {
      for (Column c : all) {
        String text = switch (visible.get(r)) {
          case Table.Connection conn -> c.cell(conn.row().line());
          case Table.GroupEntry p -> c.cell(p.group(), p.open());
        };
        cells[r][c.ordinal()] = text;
        if (!c.optional) {
          natural.merge(c, text.length(), Math::max);
        } else if (!text.isEmpty()) {
          natural.merge(c, Math.max(text.length(), c.header.length()), Math::max);
        }
      }
      namespaces.add(cells[r][Column.NETNS.ordinal()]);
    }
    namespaces.remove("");
    if (namespaces.size() < 2) {
      // One namespace says nothing that tells rows apart: the column is for two that look alike.
      natural.put(Column.NETNS, 0);
    }
    Layout layout = Layout.fit(width, natural);
    AttributedStringBuilder head = new AttributedStringBuilder().style(Styles.COLUMNS);
    for (Column c : layout.columns) {
      if (head.length() > 0) {
        head.append(' ');
      }
      String label = c.header + (sort.marks(c) ? (descending ? "▼" : "▲") : "");
      head.append(Texts.pad(c.fit(label, layout.width(c)), layout.width(c), c.right));
    }
    head.append(" ".repeat(Math.max(0, width - head.length())));
    out.add(head.toAttributedString());
    for (int r = 0; r < rows; r++) {
      if (r >= visible.size()) {
        out.add(r == 0 ? empty : AttributedString.EMPTY);
        continue;
      }
      Table.Entry e = visible.get(r);
      StringBuilder line = new StringBuilder(width);
      for (Column c : layout.columns) {
        if (!line.isEmpty()) {
          line.append(' ');
        }
        String fitted = e instanceof Table.GroupEntry
            ? c.fit(cells[r][c.ordinal()], layout.width(c), false) : c.fit(cells[r][c.ordinal()], layout.width(c));
        line.append(Texts.pad(fitted, layout.width(c), c.right));
      }
      AttributedStyle style = switch (e) {
        case Table.GroupEntry ignored -> Styles.GROUP;
        case Table.Connection c -> c.row().line().closed() ? Styles.CLOSED : Styles.PLAIN;
      };
      String text = line.toString().stripTrailing();
      if (e.key().equals(selected)) {
        style = style.inverse();
        text = Texts.pad(text, width, false);
      }
      out.add(new AttributedString(text, style));
    }
  }
}
