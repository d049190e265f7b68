package io.tcptop.journal;

/**
 * Holds the process's umask while journal writers are open. Chronicle Queue creates its files
 * (the table, each day's cycle file) with the default mode and never changes it; with the umask
 * held, each of them is created owner-only (or group-readable) instead of world-readable and
 * restricted afterwards. The umask belongs to the whole process, so it is held only as long as a
 * writer is open; two writers at once hold the stricter of their masks.
 */
final class CreationMask {
  private static int holders;
  private static int held;
  private static int saved;

  private CreationMask() {}

  static synchronized void hold(int mask) {
    if (holders++ == 0) {
      held = mask;
      saved = Posix.umask(mask);
    } else if ((held | mask) != held) {
      held |= mask;
      Posix.umask(held);
    }
  }

  static synchronized void release() {
    if (holders > 0 && --holders == 0) {
      Posix.umask(saved);
    }
  }
}
