package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.Curses;
import org.jline.utils.InfoCmp.Capability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The terminal loop on a JLine terminal on pipes (JLine puts a pty of its own behind them, so the
 * attributes are a real tty's): each way of leaving (q, Ctrl-C, SIGINT, a
 * stop request, an error) puts the terminal back as it was; keys and resizes reach the screen.
 */
class TerminalLoopTest {
  static final List<Frame> TCP = FixtureFrames.of("tcp-v4");

  PipedTerminal term;
  Attributes before;
  final AtomicBoolean stop = new AtomicBoolean();
  final AtomicReference<Attributes> during = new AtomicReference<>();

  @BeforeEach
  void open() {
    term = new PipedTerminal(100, 30);
    before = new Attributes(term.terminal.getAttributes());
    assertTrue(before.getLocalFlag(Attributes.LocalFlag.ECHO) && before.getLocalFlag(Attributes.LocalFlag.ICANON));
  }

  @AfterEach
  void close() throws Exception {
    term.close();
  }

  /** A live feed with one frame, around which the test watches (or breaks) the loop. */
  static class Around implements Feed {
    final LiveFeed live;

    Around(BooleanSupplier ended) {
      live = new LiveFeed(Status.live("test", "● live"), ended);
      live.frame(TCP.get(1));
    }

    @Override
    public boolean update(TopScreen screen, long nowNs) {
      return live.update(screen, nowNs);
    }

    @Override
    public void command(Command command, TopScreen screen, long nowNs) {
      live.command(command, screen, nowNs);
    }

    @Override
    public long waitMs(long nowNs) {
      return live.waitMs(nowNs);
    }

    @Override
    public boolean ended() {
      return live.ended();
    }
  }

  /** Notes the terminal's attributes while the loop runs. */
  Feed feed() {
    return new Around(() -> false) {
      @Override
      public boolean update(TopScreen screen, long nowNs) {
        during.set(new Attributes(term.terminal.getAttributes()));
        return super.update(screen, nowNs);
      }
    };
  }

  CompletableFuture<Void> run(Feed feed, BooleanSupplier stopRequested) {
    return CompletableFuture.runAsync(() -> {
      try (TerminalSession session = new TerminalSession(term.terminal, false)) {
        new TopLoop(session, new TopScreen(false, Status.live("test", "● live")), feed, stopRequested).run();
      }
    });
  }

  void waitForDrawing(String text) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!term.output().contains(text)) {
      assertTrue(System.nanoTime() < deadline, "never drawn: " + text + "\n" + term.output());
      Thread.sleep(10);
    }
  }

  void assertRestored() throws InterruptedException {
    // JLine runs a terminal on streams through a pty of its own, whose output is copied to ours by a thread.
    waitForDrawing(capability(Capability.exit_ca_mode));
    waitForDrawing(capability(Capability.cursor_normal));
    Attributes after = term.terminal.getAttributes();
    assertTrue(after.getLocalFlag(Attributes.LocalFlag.ECHO), "echo back on");
    assertTrue(after.getLocalFlag(Attributes.LocalFlag.ICANON), "icanon back on");
    assertEquals(before.getLocalFlags(), after.getLocalFlags());
    assertEquals(before.getInputFlags(), after.getInputFlags());
    String out = term.output();
    String enter = capability(Capability.enter_ca_mode);
    String leave = capability(Capability.exit_ca_mode);
    assertTrue(out.indexOf(leave) > out.indexOf(enter) && out.contains(enter),
        () -> "left the alternate screen it entered: " + tail(out));
    assertTrue(out.lastIndexOf(capability(Capability.cursor_normal)) > out.lastIndexOf("127.0.0.1:40000"), () -> "cursor shown again after the last drawing: " + tail(out));
  }

  /** What the terminal's terminfo says to send for {@code c}. */
  String capability(Capability c) {
    return Curses.tputs(term.terminal.getStringCapability(c));
  }

  static String tail(String out) {
    return out.substring(Math.max(0, out.length() - 300)).replace("\033", "ESC");
  }

  @Test
  void qQuitsAndPutsTheTerminalBack() throws Exception {
    var loop = run(feed(), stop::get);
    waitForDrawing("127.0.0.1:40000");
    assertFalse(during.get().getLocalFlag(Attributes.LocalFlag.ECHO), "raw while running");
    assertFalse(during.get().getLocalFlag(Attributes.LocalFlag.ICANON), "raw while running");
    term.type("q");
    loop.get(10, TimeUnit.SECONDS);
    assertRestored();
  }

  @Test
  void ctrlCAsAKeyQuits() throws Exception {
    var loop = run(feed(), stop::get);
    waitForDrawing("127.0.0.1:40000");
    term.type("\003");
    loop.get(10, TimeUnit.SECONDS);
    assertRestored();
  }

  @Test
  void sigintQuits() throws Exception {
    var loop = run(feed(), stop::get);
    waitForDrawing("127.0.0.1:40000");
    term.terminal.raise(Terminal.Signal.INT);
    loop.get(10, TimeUnit.SECONDS);
    assertRestored();
  }

  @Test
  void aStopRequestQuits() throws Exception {
    var loop = run(feed(), stop::get);
    waitForDrawing("127.0.0.1:40000");
    stop.set(true); // what SIGTERM does, through the command's signal handler
    loop.get(10, TimeUnit.SECONDS);
    assertRestored();
  }

  @Test
  void anErrorPutsTheTerminalBackToo() throws Exception {
    Feed failing = new Around(() -> false) {
      int updates;

      @Override
      public boolean update(TopScreen screen, long nowNs) {
        if (++updates == 3) {
          throw new IllegalStateException("boom");
        }
        return super.update(screen, nowNs);
      }
    };
    var loop = run(failing, stop::get);
    var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> loop.get(10, TimeUnit.SECONDS));
    assertEquals("boom", e.getCause().getMessage());
    assertRestored();
  }

  @Test
  void theFeedEndingEndsTheLoop() throws Exception {
    AtomicBoolean ended = new AtomicBoolean();
    var loop = run(new Around(ended::get), stop::get);
    waitForDrawing("127.0.0.1:40000");
    ended.set(true); // the live recording stopped
    loop.get(10, TimeUnit.SECONDS);
    assertRestored();
  }

  @Test
  void aResizeRedrawsAtTheNewSize() throws Exception {
    var loop = run(feed(), stop::get);
    waitForDrawing("127.0.0.1:40000");
    term.terminal.setSize(new Size(50, 10));
    term.terminal.raise(Terminal.Signal.WINCH);
    waitForDrawing("terminal too small: 50x10");
    term.terminal.setSize(new Size(120, 40));
    term.terminal.raise(Terminal.Signal.WINCH);
    int mark = term.output().length();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!term.output().substring(mark).contains("127.0.0.1:40000")) {
      assertTrue(System.nanoTime() < deadline, "not drawn again after growing");
      Thread.sleep(10);
    }
    term.type("q");
    loop.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aResizeIsSeenWithoutASignal() throws Exception {
    var loop = run(feed(), stop::get);
    waitForDrawing("127.0.0.1:40000");
    term.terminal.setSize(new Size(50, 10));
    waitForDrawing("terminal too small: 50x10");
    term.type("q");
    loop.get(10, TimeUnit.SECONDS);
  }

  @Test
  void keysReachTheScreen() throws Exception {
    var loop = run(feed(), stop::get);
    waitForDrawing("127.0.0.1:40000");
    term.type("?");
    waitForDrawing("Any key closes this help.");
    term.type("\033[B"); // down: closes the help
    term.type("Z");
    waitForDrawing("'Z' does nothing here");
    term.type("q");
    loop.get(10, TimeUnit.SECONDS);
  }
}
