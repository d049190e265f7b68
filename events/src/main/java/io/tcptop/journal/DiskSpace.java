package io.tcptop.journal;

import io.tcptop.error.TcptopException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the recorder off a full disk. The journal is written through memory-mapped files, and
 * a full disk turns a write into a fault in the middle of a record; so the recorder stops,
 * writing its END, while some space is left.
 */
public final class DiskSpace {
  static final long RESERVE_BYTES = Long.getLong("tcptop.diskReserveBytes", 32L << 20);

  private final Path dir;
  private final FileStore store;
  private long lastUsable = Long.MAX_VALUE;

  public DiskSpace(Path dir) {
    this.dir = dir;
    FileStore s = null;
    // The journal directory may not exist yet: ask the nearest directory that does.
    for (Path p = dir.toAbsolutePath(); p != null && s == null; p = p.getParent()) {
      try {
        s = Files.getFileStore(p);
      } catch (IOException e) {
        s = null;
      }
    }
    this.store = s;
  }

  public void checkBeforeStart() {
    if (!enough()) {
      throw new TcptopException("only " + (lastUsable >> 20) + " MB free where " + dir
          + " is: tcptop keeps " + (RESERVE_BYTES >> 20) + " MB in reserve, so record somewhere with more space");
    }
  }

  public boolean enough() {
    if (store == null) {
      return true;
    }
    try {
      lastUsable = store.getUsableSpace();
    } catch (IOException e) {
      return true;
    }
    return lastUsable >= RESERVE_BYTES;
  }

  public TcptopException stoppedEarly() {
    return new TcptopException("stopped recording: the disk holding " + dir + " is almost full ("
        + (lastUsable >> 20) + " MB free); the journal is complete and ends cleanly, free some space to record more");
  }
}
