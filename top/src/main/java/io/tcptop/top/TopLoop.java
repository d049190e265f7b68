package io.tcptop.top;

import java.util.function.BooleanSupplier;
import org.jline.terminal.Size;

/**
 * The terminal loop, on the thread that owns the terminal: reads keys, lets the feed hand over
 * frames, follows the terminal's size, and draws when anything changed. Ends on q or Ctrl-C, on a stop request (SIGTERM),
 * when the terminal's input ends, or when the feed ends.
 */
public final class TopLoop {
  private final TerminalSession terminal;
  private final TopScreen screen;
  private final Feed feed;
  private final BooleanSupplier stopRequested;

  public TopLoop(TerminalSession terminal, TopScreen screen, Feed feed, BooleanSupplier stopRequested) {
    this.terminal = terminal;
    this.screen = screen;
    this.feed = feed;
    this.stopRequested = stopRequested;
  }

  public void run() {
    KeyReader keys = new KeyReader(terminal.terminal());
    Renderer renderer = new Renderer(terminal.terminal());
    Size size = resize(renderer);
    boolean dirty = true;
    while (!stopRequested.getAsBoolean() && !terminal.interrupted() && !feed.ended()) {
      // The size is asked at every turn (cheap: one ioctl), so a resize shows without SIGWINCH.
      if (terminal.resized() || !terminal.size().equals(size)) {
        size = resize(renderer);
        dirty = true;
      }
      dirty |= feed.update(screen, System.nanoTime());
      if (dirty) {
        renderer.draw(screen.lines());
        dirty = false;
      }
      Key k = keys.next(feed.waitMs(System.nanoTime()));
      if (k == null) {
        continue;
      }
      Command c = screen.key(k);
      dirty = true;
      switch (c.kind()) {
        case QUIT -> {
          return;
        }
        case REDRAW -> renderer.repaint();
        case NONE -> { }
        default -> feed.command(c, screen, System.nanoTime());
      }
    }
  }

  private Size resize(Renderer renderer) {
    Size size = terminal.size();
    screen.resize(size.getColumns(), size.getRows());
    renderer.resize(size.getRows(), size.getColumns());
    return size;
  }
}
