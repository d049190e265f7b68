package io.tcptop.top;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/** The keys, shown in place of the table by '?'; every line fits an 80-column terminal. */
final class HelpPanel {
  private HelpPanel() {}

  private static final String[][] ALWAYS = {
      {"↑ ↓ PgUp PgDn", "move the selection; it follows its connection as rows re-sort"},
      {"Enter", "detail of a connection; on a group, show/hide its connections"},
      {"< >", "sort by the column to the left / right"},
      {"r", "reverse the sort"},
      {"/", "filter as you type: process, address, port, cgroup"},
      {"t", "group by process (one row per process, with totals)"},
      {"c", "group by container or systemd unit (the owner's cgroup)"},
      {"Esc", "close the detail or the help; clear the filter"},
      {"q Ctrl-C", "quit"},
  };
  private static final String[][] LIVE = {
      {"p space", "pause / resume the screen (recording goes on)"},
      {"Home End", "first / last row"},
  };
  private static final String[][] RECORDING = {
      {"space p", "play / pause"},
      {"← →", "one tick back / forward"},
      {"[ ]", "slower / faster"},
      {"g", "go to 14:02:03 (UTC), +30s from the start, 2026-11-20T10:00:02Z"},
      {"Home End", "first / last tick"},
  };

  static List<AttributedString> lines(boolean recording) {
    List<AttributedString> out = new ArrayList<>();
    out.add(new AttributedString("Keys", Styles.LABEL));
    add(out, ALWAYS);
    out.add(new AttributedString(recording ? "Over a recording" : "Live", Styles.LABEL));
    add(out, recording ? RECORDING : LIVE);
    out.add(new AttributedString("Any key closes this help.", Styles.HINT));
    return out;
  }

  private static void add(List<AttributedString> out, String[][] keys) {
    for (String[] k : keys) {
      out.add(new AttributedStringBuilder().append("  ").style(Styles.LABEL).append(Texts.pad(k[0], 15, false))
          .style(Styles.PLAIN).append(k[1]).toAttributedString());
    }
  }
}
