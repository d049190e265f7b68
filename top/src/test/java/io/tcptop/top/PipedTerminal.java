package io.tcptop.top;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A JLine terminal on pipes, for tests to type into and read what was drawn. JLine backs it with a
 * pty of its own (its FFM provider), so raw mode and attributes are a real tty's.
 */
final class PipedTerminal implements AutoCloseable {
  final Terminal terminal;
  private final PipedOutputStream keys = new PipedOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PipedTerminal(int columns, int rows) {
    try {
      PipedInputStream in = new PipedInputStream(keys, 1 << 16);
      OutputStream sync = new OutputStream() {
        @Override
        public void write(int b) {
          synchronized (out) {
            out.write(b);
          }
        }

        @Override
        public void write(byte[] b, int off, int len) {
          synchronized (out) {
            out.write(b, off, len);
          }
        }
      };
      terminal = TerminalBuilder.builder().system(false).streams(in, sync).type("xterm-256color")
          .encoding(StandardCharsets.UTF_8).size(new Size(columns, rows)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void type(String s) {
    try {
      keys.write(s.getBytes(StandardCharsets.UTF_8));
      keys.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything written to the terminal so far, escape sequences included. */
  String output() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() throws IOException {
    terminal.close();
    keys.close();
  }
}
