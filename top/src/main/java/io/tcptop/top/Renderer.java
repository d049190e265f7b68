package io.tcptop.top;

import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * Draws the screen's lines with JLine's {@link Display}, which compares them with what is on the
 * terminal and sends only the changes, inside one synchronized update: no flicker, little output.
 */
public final class Renderer {
  private final Terminal terminal;
  private final Display display;

  public Renderer(Terminal terminal) {
    this.terminal = terminal;
    this.display = new Display(terminal, true);
  }

  public void resize(int rows, int columns) {
    display.resize(rows, columns);
    display.clear();
  }

  public void draw(List<AttributedString> lines) {
    display.update(lines, -1);
    terminal.flush();
  }

  /** Paints everything again at the next draw (Ctrl-L, or after the terminal was disturbed). */
  public void repaint() {
    display.clear();
  }
}
