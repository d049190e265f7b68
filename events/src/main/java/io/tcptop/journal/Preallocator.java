package io.tcptop.journal;

import io.tcptop.error.JournalException;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;

/**
 * Keeps disk blocks allocated ahead of every byte Chronicle Queue is about to touch. Chronicle
 * writes through memory-mapped files; on a full disk, a store into a page with no block behind it
 * is a SIGBUS, which the JVM turns into an InternalError in the middle of a record, or which kills
 * the JVM when it hits outside a guarded copy (the compare-and-swap that claims a document header).
 * With the blocks allocated first (fallocate, size unchanged), a full disk is an error from a call
 * before the write, and the journal stays whole. The table is allocated before Chronicle maps it;
 * a cycle file is created ahead as {@code NAME.precreated}, which Chronicle renames to
 * {@code NAME.cq4} when it starts that cycle; the current cycle file is kept allocated well past
 * its write position. Where the file system cannot allocate ahead (EOPNOTSUPP), the recorder's
 * free-space check and the writer's rollback of a faulted document are what remain.
 */
final class Preallocator {
  /** Tests turn this off to reach the faults it prevents. */
  static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("tcptop.preallocate", "true"));
  private static final long STEP = 1L << 20;
  /** Chronicle maps the table as 64 KiB plus 64 KiB of overlap and writes only there. */
  private static final long TABLE_BYTES = 128 * 1024;
  /** The next cycle file is made this long before it is due, so a roll never finds it missing. */
  private static final long AHEAD_OF_ROLL_MS = 60_000;

  private final Path dir;
  private final Path shown;
  private final Set<PosixFilePermission> fileMode;
  private final RollCycle cycle;
  private final LongSupplier millisClock;
  private final long headroom;
  private boolean supported = ENABLED;
  private File current;
  private long allocatedTo;
  private int readyCycle = Integer.MIN_VALUE;

  /**
   * @param dir the journal directory as the writer reaches it
   * @param shown the directory as the user named it, for messages
   * @param maxDocument the largest document the writer appends
   */
  Preallocator(Path dir, Path shown, JournalAccess access, RollCycle cycle, LongSupplier millisClock, int maxDocument) {
    this.dir = dir;
    this.shown = shown;
    this.fileMode = permissions(access.fileMode());
    this.cycle = cycle;
    this.millisClock = millisClock;
    // An append can touch: the document, an index array (indexCount longs), and in a new cycle
    // the header with its index-to-index array; plus slack for padding and the end-of-file marker.
    this.headroom = maxDocument + 2L * cycle.defaultIndexCount() * Long.BYTES + 64 * 1024;
  }

  /** Before Chronicle builds the queue: the table and the first cycle file, allocated. */
  void beforeBuild() {
    if (!supported) {
      return;
    }
    Path table = dir.resolve(JournalFiles.TABLE);
    create(table);
    allocate(table, 0, TABLE_BYTES, "to create the journal");
    prepareCycle(currentCycle(), "to create the journal");
  }

  /** Before appending a document of {@code length} bytes; fails if the disk cannot hold it. */
  void beforeWrite(ExcerptAppender appender, int length) {
    if (!supported) {
      return;
    }
    int now = currentCycle();
    if (appender.wire() != null) {
      // The file being appended to; also where Chronicle ends a cycle (its end-of-file marker).
      MappedBytes bytes = (MappedBytes) appender.wire().bytes();
      File file = bytes.mappedFile().file();
      if (!file.equals(current)) {
        current = file;
        allocatedTo = 0;
      }
      long need = bytes.writePosition() + length + headroom;
      if (need > allocatedTo) {
        extend(file.toPath(), need);
      }
    }
    if (appender.wire() == null || appender.cycle() != now) {
      prepareCycle(now, "to start a new cycle file"); // this append creates the cycle's file
    }
    long untilRoll = (now + 1L) * cycle.lengthInMillis() - millisClock.getAsLong();
    if (untilRoll < AHEAD_OF_ROLL_MS) {
      prepareCycle(now + 1, "to prepare the next cycle file");
    }
  }

  /** Removes the cycle file made ahead for a cycle the recording did not reach. */
  void close() {
    for (Path p : JournalFiles.written(dir)) {
      if (p.getFileName().toString().endsWith(JournalFiles.PRECREATED)) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // harmless: readers and Chronicle's listing ignore it, the next --force removes it
        }
      }
    }
  }

  private void extend(Path file, long need) {
    // A step ahead, so this is one call per megabyte; on a nearly full disk, exactly what is needed.
    int err = Posix.allocate(file, allocatedTo, need + STEP - allocatedTo);
    long to = need + STEP;
    if (err == Posix.ENOSPC) {
      err = Posix.allocate(file, allocatedTo, need - allocatedTo);
      to = need;
    }
    if (check(err, file, "to write more")) {
      allocatedTo = to;
    }
  }

  private void prepareCycle(int c, String when) {
    if (c == readyCycle) {
      return;
    }
    String name = Chronicle.cycleName(cycle, 0, c); // the writer's queue keeps Chronicle's epoch, 0
    if (!Files.exists(dir.resolve(name + ".cq4"), LinkOption.NOFOLLOW_LINKS)) {
      Path ahead = dir.resolve(name + JournalFiles.PRECREATED);
      create(ahead);
      allocate(ahead, 0, headroom + STEP, when);
    }
    readyCycle = c;
  }

  private void allocate(Path file, long offset, long length, String when) {
    check(Posix.allocate(file, offset, length), file, when);
  }

  /** True when allocated; false when this file system cannot allocate ahead (then stop trying). */
  private boolean check(int err, Path file, String when) {
    if (err == 0) {
      return true;
    }
    if (err == Posix.EOPNOTSUPP) {
      supported = false;
      return false;
    }
    if (err == Posix.ENOSPC) {
      throw JournalException.noSpace(shown, when);
    }
    throw JournalException.io(shown, "reserve space in", Posix.failure(shown.resolve(file.getFileName()), err));
  }

  private void create(Path file) {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(fileMode));
    } catch (FileAlreadyExistsException e) {
      // made ahead earlier by this writer: the directory is nobody else's
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().toLowerCase(Locale.ROOT).contains("no space")) {
        throw JournalException.noSpace(shown, "to create " + file.getFileName());
      }
      throw JournalException.io(shown.resolve(file.getFileName()), "create", new IOException(e.getReason()));
    } catch (IOException e) {
      throw JournalException.io(shown.resolve(file.getFileName()), "create", e);
    }
  }

  private int currentCycle() {
    return (int) (millisClock.getAsLong() / cycle.lengthInMillis());
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << (bits.length - 1 - i))) != 0) {
        s.add(bits[i]);
      }
    }
    return s;
  }
}
