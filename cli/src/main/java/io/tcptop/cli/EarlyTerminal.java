package io.tcptop.cli;

import io.tcptop.top.TerminalSession;
import java.io.Console;

/**
 * The terminal of a {@code tcptop top} command line, started as the process starts: making it
 * (JLine's classes, its native calls, the terminal's capabilities) takes longer than picocli's
 * reading of the command, so the two overlap. Making a terminal changes nothing on it; the command
 * takes it over only once its options and journal are checked, and any other outcome lets it go.
 */
final class EarlyTerminal {
  private static TerminalSession.Prepared prepared;

  private EarlyTerminal() {}

  /** Starts making the terminal when the command line is top's (not its help) and stdin and stdout are a terminal. */
  static synchronized void start(String[] args) {
    if (prepared == null && wantsTerminal(args) && interactive()) {
      prepared = TerminalSession.prepare();
    }
  }

  /** The terminal started early, or one started now; the caller owns it (open or discard it). */
  static synchronized TerminalSession.Prepared take() {
    TerminalSession.Prepared p = prepared;
    prepared = null;
    return p != null ? p : TerminalSession.prepare();
  }

  /** Lets go of a terminal started early and never taken. */
  static synchronized void discard() {
    if (prepared != null) {
      prepared.discard();
      prepared = null;
    }
  }

  /** Whether these arguments run top's screen: {@code top}, after any --verbose, and no help or version. */
  static boolean wantsTerminal(String[] args) {
    int i = 0;
    while (i < args.length && args[i].equals("--verbose")) {
      i++;
    }
    if (i >= args.length || !args[i].equals("top")) {
      return false;
    }
    for (int j = i + 1; j < args.length; j++) {
      switch (args[j]) {
        case "-h", "--help", "-V", "--version" -> {
          return false;
        }
        default -> { }
      }
    }
    return true;
  }

  /** Both stdin (keys) and stdout (the screen) are a terminal: otherwise top stops with a usage error. */
  static boolean interactive() {
    Console c = System.console();
    return c != null && c.isTerminal();
  }
}
