package io.tcptop.top;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;

/**
 * The terminal in full-screen mode while top runs: raw keys, the alternate screen, no cursor.
 * {@link #close()} puts it back exactly as it was (attributes, screen, cursor, keypad) on every way
 * out: quitting, Ctrl-C, a signal that ends the loop, an error (try-with-resources), and, for an
 * exit nobody planned, a shutdown hook.
 */
public final class TerminalSession implements AutoCloseable {
  private final Terminal terminal;
  private final Attributes saved;
  private final Thread hook;
  /** Whether closing the session closes the terminal (the process's own); tests keep theirs open to look at it. */
  private final boolean owned;
  private final AtomicBoolean resized = new AtomicBoolean();
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private boolean restored;

  /** The process's own terminal (stdin and stdout must be one). */
  public static TerminalSession open() {
    return new TerminalSession(system());
  }

  private static Terminal system() {
    // No native signal handlers: JLine's would take SIGQUIT from the JVM (thread dumps, jcmd);
    // the loop polls the size instead of waiting for SIGWINCH, and the command's own handlers
    // stop it on SIGINT and SIGTERM. No grapheme cluster probe: it asks the terminal questions
    // some never answer, and the screen has no emoji.
    if (JLineNativeLibrary.useBesideJar()) {
      try {
        return builder().provider("jni").dumb(false).build();
      } catch (IOException | RuntimeException | LinkageError noJni) {
        // The library did not load (a noexec mount, another platform): FFM or stty below.
      }
    }
    // JLine's JNI provider first, and FFM only without it: the FFM provider, even listed after
    // JNI, is loaded and links its native calls, for which the JVM generates some 160
    // method-handle classes no AOT cache holds (~0.15 s to the first frame). Never JLine's JNI
    // provider with a library it would unpack itself (JLineNativeLibrary says why).
    try {
      return builder().providers("ffm,exec").build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TerminalBuilder builder() {
    return TerminalBuilder.builder().system(true).graphemeCluster(false).nativeSignals(false);
  }

  /**
   * Starts making the process's terminal on a thread of its own: JLine takes a few hundred
   * milliseconds of a fresh JVM to load and link, which can pass while the journal is opened; then
   * a first draw that goes nowhere ({@link DrawWarmup}) readies the drawing code the same way.
   * Making it changes nothing on the terminal; {@link Prepared#open()} takes it over.
   */
  public static Prepared prepare() {
    FutureTask<Terminal> task = new FutureTask<>(() -> {
      Terminal t = system();
      DrawWarmup.run(t);
      return t;
    });
    Thread t = new Thread(task, "tcptop-terminal");
    t.setDaemon(true);
    t.start();
    return new Prepared(task);
  }

  /** A terminal being made, not yet taken over. */
  public static final class Prepared {
    private final FutureTask<Terminal> task;

    private Prepared(FutureTask<Terminal> task) {
      this.task = task;
    }

    /** Takes over the terminal: full screen, raw keys (see {@link #TerminalSession(Terminal)}). */
    public TerminalSession open() {
      return new TerminalSession(terminal());
    }

    /** Lets go of the terminal unused: something was wrong before the screen was needed. */
    public void discard() {
      try {
        terminal().close();
      } catch (IOException | RuntimeException ignored) {
        // nothing was done to the terminal, so nothing needs undoing
      }
    }

    private Terminal terminal() {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the terminal was made", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** Takes over {@code terminal} and closes it at the end. */
  public TerminalSession(Terminal terminal) {
    this(terminal, true);
  }

  TerminalSession(Terminal terminal, boolean owned) {
    this.terminal = terminal;
    this.owned = owned;
    this.saved = terminal.enterRawMode();
    terminal.handle(Terminal.Signal.WINCH, s -> resized.set(true));
    terminal.handle(Terminal.Signal.CONT, s -> resized.set(true));
    terminal.handle(Terminal.Signal.INT, s -> interrupted.set(true));
    if (!terminal.puts(Capability.enter_ca_mode)) {
      terminal.puts(Capability.clear_screen);
    }
    terminal.puts(Capability.keypad_xmit);
    terminal.puts(Capability.cursor_invisible);
    terminal.flush();
    hook = new Thread(this::restore, "tcptop-terminal-restore");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  public Terminal terminal() {
    return terminal;
  }

  public Size size() {
    return terminal.getSize();
  }

  /** Whether the terminal was told it changed size (or came back from the background) since the last call. */
  public boolean resized() {
    return resized.getAndSet(false);
  }

  /** Whether the terminal raised SIGINT (Ctrl-C arrives as a key in raw mode). */
  public boolean interrupted() {
    return interrupted.get();
  }

  /** Puts the terminal back as it was; safe to call more than once, from any thread. */
  public synchronized void restore() {
    if (restored) {
      return;
    }
    restored = true;
    try {
      if (!terminal.puts(Capability.exit_ca_mode)) {
        terminal.puts(Capability.clear_screen);
      }
      terminal.puts(Capability.keypad_local);
      terminal.puts(Capability.cursor_normal);
      terminal.flush();
    } catch (RuntimeException | java.io.IOError ignored) {
      // The terminal may be gone (hung up); its attributes are still worth restoring.
    } finally {
      terminal.setAttributes(saved);
    }
  }

  @Override
  public void close() {
    restore();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing to remove
    }
    try {
      if (owned) {
        terminal.close();
      }
    } catch (IOException ignored) {
      // restored already; closing only frees JLine's threads
    }
  }
}
