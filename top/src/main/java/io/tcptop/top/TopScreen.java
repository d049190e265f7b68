package io.tcptop.top;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * The screen model: what {@code tcptop top} draws for a frame, and how keys change it. Pure: no
 * terminal, no threads, no clock; frames, keys and the terminal's size go in, lines come out. The
 * state is the user's view (sort, filter, grouping, selection, panels); the selection is a
 * connection (or a group), not a row number, so it stays on its connection while rows re-sort,
 * and keeps its place on the screen while it can.
 */
public final class TopScreen {
  public static final int MIN_COLUMNS = 60;
  public static final int MIN_ROWS = 12;

  private final boolean recording;
  private int columns = 80;
  private int rows = 24;
  private Frame frame;
  private Status status;
  private String waiting;

  private SortKey sort = SortKey.BUSIEST;
  private boolean descending = true;
  private String filter = "";
  private Grouping grouping = Grouping.NONE;
  private final Set<Group.Key> open = new HashSet<>();

  private Object selected;
  private int cursor;
  private int top;

  private Long detail;
  private Row detailRow;
  private boolean help;
  private Prompt prompt;
  private String message;
  private boolean messageIsError;

  private Table table = Table.EMPTY;
  private boolean stale;

  /**
   * What the user is typing on the status line, and what it is for. A filter applies as it is
   * typed; {@code before} is the filter that Esc brings back.
   */
  private record Prompt(boolean goTo, StringBuilder text, String before) {}

  /** @param recording over a recording (the player's keys work) rather than live */
  public TopScreen(boolean recording, Status status) {
    this.recording = recording;
    this.status = status;
    this.waiting = recording ? "reading the journal…" : "waiting for the first tick…";
  }

  public void show(Frame f) {
    frame = f;
    stale = true;
  }

  public Frame frame() {
    return frame;
  }

  public void status(Status s) {
    status = s;
  }

  /** What the empty screen says before the first frame. */
  public void waiting(String text) {
    waiting = text;
  }

  public void resize(int newColumns, int newRows) {
    columns = newColumns;
    rows = newRows;
    stale = true;
  }

  /** A line for the status bar until the next key: what a command did, or why it could not. */
  public void message(String text, boolean error) {
    message = text;
    messageIsError = error;
  }

  public String message() {
    return message;
  }

  /** Handles a key; returns what the caller must do (quit, or move through the recording). */
  public Command key(Key k) {
    message = null;
    if (prompt != null) {
      return promptKey(k);
    }
    if (k.kind() == Key.Kind.CTRL_C || k.is('q') || k.is('Q')) {
      return Command.of(Command.Kind.QUIT);
    }
    if (help) {
      help = false;
      return Command.NONE;
    }
    switch (k.kind()) {
      case UP -> move(-1);
      case DOWN -> move(1);
      case PAGE_UP -> move(-Math.max(1, viewport() - 1));
      case PAGE_DOWN -> move(Math.max(1, viewport() - 1));
      case HOME -> {
        if (recording) {
          return Command.of(Command.Kind.FIRST);
        }
        move(Integer.MIN_VALUE / 2);
      }
      case END -> {
        if (recording) {
          return Command.of(Command.Kind.LAST);
        }
        move(Integer.MAX_VALUE / 2);
      }
      case LEFT -> {
        return recordingOnly(Command.Kind.STEP_BACK, "stepping");
      }
      case RIGHT -> {
        return recordingOnly(Command.Kind.STEP_FORWARD, "stepping");
      }
      case ENTER -> enter();
      case ESCAPE -> escape();
      case CTRL_L -> {
        return Command.of(Command.Kind.REDRAW);
      }
      case CHAR -> {
        return character(k);
      }
      default -> unknown(k);
    }
    return Command.NONE;
  }

  private Command character(Key k) {
    switch (k.ch()) {
      case '?', 'h' -> help = true;
      case 'j' -> move(1);
      case 'k' -> move(-1);
      case '<', ',' -> resort(sort.next(-1));
      case '>', '.' -> resort(sort.next(1));
      case 'r' -> {
        descending = !descending;
        stale = true;
      }
      case '/' -> prompt = new Prompt(false, new StringBuilder(filter), filter);
      case 't' -> {
        grouping = grouping.toggle(Grouping.PROCESS);
        stale = true;
      }
      case 'c' -> {
        grouping = grouping.toggle(Grouping.CGROUP);
        stale = true;
      }
      case ' ', 'p' -> {
        return Command.of(Command.Kind.PLAY_PAUSE);
      }
      case '[' -> {
        return recordingOnly(Command.Kind.SLOWER, "speed");
      }
      case ']' -> {
        return recordingOnly(Command.Kind.FASTER, "speed");
      }
      case 'g' -> {
        if (!recording) {
          return recordingOnly(Command.Kind.GO_TO, "going to a time");
        }
        prompt = new Prompt(true, new StringBuilder(), null);
      }
      default -> unknown(k);
    }
    return Command.NONE;
  }

  private Command promptKey(Key k) {
    StringBuilder text = prompt.text();
    switch (k.kind()) {
      case CHAR -> {
        if (!Character.isISOControl(k.ch())) {
          text.append(k.ch());
        }
      }
      case BACKSPACE -> {
        if (!text.isEmpty()) {
          text.setLength(text.length() - 1);
        }
      }
      case CTRL_U -> text.setLength(0);
      case ESCAPE -> {
        if (!prompt.goTo()) {
          setFilter(prompt.before());
        }
        prompt = null;
        return Command.NONE;
      }
      case CTRL_C -> {
        return Command.of(Command.Kind.QUIT);
      }
      case ENTER -> {
        Prompt p = prompt;
        prompt = null;
        String typed = p.text().toString().trim();
        if (p.goTo()) {
          return typed.isEmpty() ? Command.NONE : Command.goTo(typed);
        }
        setFilter(typed);
        return Command.NONE;
      }
      default -> { }
    }
    if (!prompt.goTo()) {
      setFilter(text.toString().trim());
    }
    return Command.NONE;
  }

  private void setFilter(String text) {
    if (!text.equals(filter)) {
      filter = text;
      stale = true;
    }
  }

  private Command recordingOnly(Command.Kind kind, String what) {
    if (recording) {
      return Command.of(kind);
    }
    message(what + " works over a recording (tcptop top JOURNAL); live, p pauses", false);
    return Command.NONE;
  }

  private void unknown(Key k) {
    message(k.label() + " does nothing here: press ? for the keys", false);
  }

  private void resort(SortKey key) {
    sort = key;
    descending = key.descendingFirst;
    stale = true;
    message("sorted by " + key.label + (descending ? ", largest first" : ", smallest first") + " (r reverses)", false);
  }

  private void enter() {
    refresh();
    int i = table.indexOf(selected);
    if (i < 0) {
      return;
    }
    switch (table.entries.get(i)) {
      case Table.GroupEntry p -> {
        if (!open.remove(p.group().key())) {
          open.add(p.group().key());
        }
        stale = true;
      }
      case Table.Connection c -> {
        Long key = c.row().line().connection();
        if (key.equals(detail)) {
          detail = null;
        } else {
          detail = key;
          detailRow = c.row();
        }
      }
    }
  }

  private void escape() {
    if (detail != null) {
      detail = null;
    } else {
      setFilter("");
    }
  }

  private void move(int delta) {
    refresh();
    int n = table.entries.size();
    if (n == 0) {
      return;
    }
    int i = table.indexOf(selected);
    long target = (long) Math.max(i, 0) + delta;
    i = (int) Math.max(0, Math.min(n - 1, target));
    select(i);
    if (detail != null && table.entries.get(i) instanceof Table.Connection c) {
      detail = c.row().line().connection();
      detailRow = c.row();
    }
  }

  /** Selects entry {@code i}, scrolling only as far as needed to show it. */
  private void select(int i) {
    int vp = viewport();
    selected = table.entries.get(i).key();
    if (i < top) {
      top = i;
    } else if (i >= top + vp) {
      top = i - vp + 1;
    }
    cursor = i - top;
  }

  /** Rebuilds the table after a change, keeping the selection on its connection and in its screen row. */
  private void refresh() {
    if (!stale) {
      return;
    }
    stale = false;
    table = frame == null ? Table.EMPTY : Table.of(frame, new Table.View(sort, descending, filter, grouping, Set.copyOf(open)));
    int n = table.entries.size();
    if (n == 0) {
      top = 0;
      cursor = 0;
      return;
    }
    int vp = viewport();
    int i = table.indexOf(selected);
    if (i < 0) {
      i = Math.max(0, Math.min(n - 1, top + cursor));
      selected = table.entries.get(i).key();
    }
    top = Math.max(0, Math.min(i - cursor, n - vp));
    select(i);
    if (detail != null) {
      for (Row r : frame.rows()) {
        if (r.line().connection() == detail) {
          detailRow = r;
          break;
        }
      }
    }
  }

  private int headerLines() {
    return Header.height(frame, status);
  }

  /** Lines between the header and the status line. */
  private int body() {
    return rows - headerLines() - 1;
  }

  private boolean detailShown() {
    return detail != null && detailRow != null && body() - 1 - DetailPanel.height(detailRow) >= 3;
  }

  /** How many table rows fit. */
  private int viewport() {
    return Math.max(1, body() - 1 - (detailShown() ? DetailPanel.height(detailRow) : 0));
  }

  /** The whole screen, one line per terminal row, none wider than the terminal. */
  public List<AttributedString> lines() {
    refresh();
    List<AttributedString> out = columns < MIN_COLUMNS || rows < MIN_ROWS ? tooSmall() : screen();
    List<AttributedString> fitted = new ArrayList<>(out.size());
    for (int i = 0; i < out.size() && i < rows; i++) {
      AttributedString l = out.get(i);
      // The last row stays one short of the edge: writing the bottom-right cell scrolls some terminals.
      int max = i == rows - 1 ? columns - 1 : columns;
      fitted.add(l.columnLength() > max ? l.columnSubSequence(0, max) : l);
    }
    return fitted;
  }

  private List<AttributedString> screen() {
    List<AttributedString> out = new ArrayList<>(rows);
    Header.lines(out, frame, status, columns, filter, table);
    int body = body();
    if (help) {
      List<AttributedString> h = HelpPanel.lines(recording);
      for (int i = 0; i < body; i++) {
        out.add(i < h.size() ? h.get(i) : AttributedString.EMPTY);
      }
    } else {
      table(out);
      if (detailShown()) {
        boolean gone = frame.rows().stream().noneMatch(r -> r.line().connection() == detail);
        out.addAll(DetailPanel.lines(detailRow, frame, columns, gone));
      }
    }
    out.add(statusLine());
    return out;
  }

  private void table(List<AttributedString> out) {
    int vp = viewport();
    List<Table.Entry> visible = table.entries.subList(Math.min(top, table.entries.size()),
        Math.min(top + vp, table.entries.size()));
    TableView.lines(out, visible, vp, selected, sort, descending, columns, emptyTable());
  }

  private AttributedString emptyTable() {
    String text;
    if (frame == null) {
      text = waiting;
    } else if (table.total == 0) {
      text = "no open connections at this tick";
    } else {
      text = "no connection matches '" + filter + "' (/ changes the filter, Esc clears it)";
    }
    return new AttributedString(text, Styles.HINT);
  }

  private AttributedString statusLine() {
    if (prompt != null) {
      String label = prompt.goTo() ? "go to: " : "filter: ";
      String hint = prompt.goTo()
          ? "  (14:02:03 UTC, +30s or 2026-11-20T10:00:02Z; Esc cancels)"
          : "  (process, address, port; Enter keeps it, Esc undoes)";
      return new AttributedStringBuilder().style(Styles.LABEL).append(label).style(Styles.PLAIN)
          .append(prompt.text()).append("█").style(Styles.HINT).append(hint).toAttributedString();
    }
    if (message != null) {
      return new AttributedString(message, messageIsError ? Styles.ERROR : Styles.MESSAGE);
    }
    String keys = recording
        ? "space play  ←/→ step  [/] speed  g go to  / filter  </> sort  t group  Enter detail  ? help  q quit"
        : "p pause  / filter  </> sort  r reverse  t group  Enter detail  ? help  q quit";
    // An 80-column terminal gets the keys a user needs first; ? lists the rest.
    if (keys.length() >= columns) {
      keys = recording
          ? "space play  ←/→ step  g go to  / filter  </> sort  t group  ? help  q quit"
          : "p pause  / filter  </> sort  t group  Enter detail  ? help  q quit";
    }
    return new AttributedString(keys, Styles.HINT);
  }

  /** Says what size is needed, in words wrapped to the terminal; tersely when that would not fit either. */
  private List<AttributedString> tooSmall() {
    String size = columns + "x" + rows;
    String need = MIN_COLUMNS + "x" + MIN_ROWS;
    List<String> full = List.of("terminal too small: " + size, "tcptop top needs at least " + need + ";",
        "make it bigger, or press q to quit");
    List<String> terse = List.of("too small: " + size, "need " + need, "q quits");
    List<AttributedString> out = wrapped(full);
    return out.size() <= rows ? out : wrapped(terse);
  }

  private List<AttributedString> wrapped(List<String> paragraphs) {
    List<AttributedString> out = new ArrayList<>();
    for (int i = 0; i < paragraphs.size(); i++) {
      for (String line : Texts.wrap(paragraphs.get(i), Math.max(1, columns - 1))) {
        out.add(i == 0 ? new AttributedString(line, Styles.ERROR) : new AttributedString(line));
      }
    }
    return out;
  }

}
