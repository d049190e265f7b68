package io.tcptop.cli;

import sun.misc.Signal;

/**
 * Ctrl-C, SIGTERM and SIGHUP ask the recorder to stop, so it can drain the ring buffer and
 * write END. Handling the signals (rather than a shutdown hook) lets the JVM exit normally
 * afterwards. Installed before anything is loaded, so a stop that comes early is not lost.
 * A shell that starts tcptop in the background ignores SIGINT for it; SIGTERM still works.
 */
final class StopSignals {
  private volatile boolean requested;

  static StopSignals install() {
    StopSignals s = new StopSignals();
    for (String name : new String[] {"INT", "TERM", "HUP"}) {
      try {
        Signal.handle(new Signal(name), sig -> s.requested = true);
      } catch (IllegalArgumentException ignored) {
        // the signal is ignored or reserved here: nothing to hook
      }
    }
    return s;
  }

  boolean requested() {
    return requested;
  }
}
