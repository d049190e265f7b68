package io.tcptop.top;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws two screens of styled lines through a {@link Renderer} on a terminal that writes nowhere
 * and has the real one's type and size. A fresh JVM's first draw runs JLine's {@code Display} and
 * its style-to-escape code cold (~0.2 s); done on the thread that makes the terminal, before the
 * screen is taken over, that time passes while the journal is opened.
 */
final class DrawWarmup {
  private DrawWarmup() {}

  static void run(Terminal real) {
    try (Terminal nowhere = new DumbTerminal("tcptop-warmup", real.getType(), InputStream.nullInputStream(),
        OutputStream.nullOutputStream(), StandardCharsets.UTF_8)) {
      Size size = real.getSize();
      int rows = size.getRows() > 0 ? size.getRows() : 24;
      int columns = size.getColumns() > 0 ? size.getColumns() : 80;
      Renderer renderer = new Renderer(nowhere);
      renderer.resize(rows, columns);
      renderer.draw(screen(rows, columns, 0));
      renderer.draw(screen(rows, columns, 1));
    } catch (IOException | RuntimeException ignored) {
      // Only a head start: the real first draw does the same work if this could not.
    }
  }

  private static final AttributedStyle[] STYLES = {Styles.TITLE, Styles.COLUMNS, Styles.PLAIN, Styles.SELECTED,
      Styles.CLOSED, Styles.GROUP, Styles.LOSS, Styles.MESSAGE, Styles.HINT, Styles.SPARK};

  private static List<AttributedString> screen(int rows, int columns, int turn) {
    List<AttributedString> lines = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      AttributedStringBuilder b = new AttributedStringBuilder(columns);
      b.style(STYLES[(r + turn) % STYLES.length]).append(" 10.0.0.").append(Integer.toString(r + turn))
          .style(Styles.PLAIN).append("  1.2 MB/s ▁▂▃▅▇ ");
      while (b.length() < columns) {
        b.append(' ');
      }
      lines.add(b.toAttributedString().columnSubSequence(0, columns));
    }
    return lines;
  }
}
