package io.tcptop.top;

import org.jline.utils.AttributedStyle;

/**
 * The screen's few styles, named for what they mean. (The screen draws no light box-drawing
 * characters: JLine sends those through the terminal's alternate character set.)
 */
final class Styles {
  private Styles() {}

  static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
  static final AttributedStyle TITLE = AttributedStyle.DEFAULT.inverse().bold();
  static final AttributedStyle COLUMNS = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLACK).background(AttributedStyle.CYAN);
  static final AttributedStyle SELECTED = AttributedStyle.DEFAULT.inverse();
  /** A connection that closed in this tick: shown once more, dimmed. */
  static final AttributedStyle CLOSED = AttributedStyle.DEFAULT.faint();
  static final AttributedStyle GROUP = AttributedStyle.DEFAULT.bold();
  static final AttributedStyle LOSS = AttributedStyle.DEFAULT.bold().foreground(AttributedStyle.WHITE).background(AttributedStyle.RED);
  static final AttributedStyle MESSAGE = AttributedStyle.DEFAULT.bold().foreground(AttributedStyle.YELLOW);
  static final AttributedStyle ERROR = AttributedStyle.DEFAULT.bold().foreground(AttributedStyle.RED);
  static final AttributedStyle HINT = AttributedStyle.DEFAULT.faint();
  static final AttributedStyle LABEL = AttributedStyle.DEFAULT.bold();
  static final AttributedStyle SPARK = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
}
