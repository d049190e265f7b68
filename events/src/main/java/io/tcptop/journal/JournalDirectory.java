package io.tcptop.journal;

import io.tcptop.error.JournalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory a recorder writes a journal into. tcptop records as root, often under a directory
 * every user can write (/tmp), and a journal holds who talked to whom; so:
 * <ul>
 *   <li>it creates the directory itself, owner-only (or readable by one group), and reuses an
 *       existing one only when it belongs to the caller and is not a symbolic link;</li>
 *   <li>it holds the directory open and reaches everything inside through that descriptor
 *       ({@code /proc/self/fd/N}), so renaming or replacing the path while it records redirects
 *       nothing, and no other user can add anything to an owner-only directory;</li>
 *   <li>it refuses a path whose parents another user could change before it opens the directory.</li>
 * </ul>
 */
final class JournalDirectory implements AutoCloseable {
  private final Path absolute;
  private final int fd;
  private final boolean created;
  private final boolean continued;
  private final Path inside;

  private JournalDirectory(Path absolute, int fd, boolean created, boolean continued) {
    this.absolute = absolute;
    this.fd = fd;
    this.created = created;
    this.continued = continued;
    this.inside = Path.of("/proc/self/fd/" + fd);
  }

  /** The directory as the writer reaches it: through its open descriptor, whatever its path does. */
  Path inside() {
    return inside;
  }

  /** True when the directory held the caller's journal, which this writer continues. */
  boolean continued() {
    return continued;
  }

  /**
   * Fails, with the reason, if a journal could not be written at {@code dir}; creates and changes
   * nothing, so the recorder can refuse before it loads anything into the kernel. With
   * {@code continues}, a journal already there is continued (a rolling recorder restarted), not refused.
   */
  static void check(Path dir, boolean force, boolean continues) {
    Path abs = absolute(dir);
    BasicFileAttributes existing = attributes(abs);
    if (existing != null) {
      checkExisting(dir, abs, existing, force || continues);
    }
    Path ancestor = abs.getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null || !Files.isDirectory(ancestor) || !Files.isWritable(ancestor)) {
      throw JournalException.io(dir, "create journal", new IOException(
          (ancestor == null ? "no existing parent" : ancestor + " is not a writable directory")));
    }
    checkParents(dir, ancestor, !ancestor.equals(abs.getParent()));
  }

  /**
   * Creates the directory (or, with {@code force}, empties the caller's old journal; with
   * {@code continues}, keeps it to write on) and opens it.
   */
  static JournalDirectory open(Path dir, JournalAccess access, boolean force, boolean continues) {
    check(dir, force, continues);
    Path abs = absolute(dir);
    String name = abs.getFileName().toString();
    int parentFd;
    try {
      Files.createDirectories(abs.getParent());
      parentFd = Posix.openDirectory(abs.getParent().toRealPath());
    } catch (IOException e) {
      throw JournalException.io(dir, "create journal directory", e);
    }
    int fd = -1;
    boolean created = false;
    try {
      int rc = Posix.mkdirAt(parentFd, name, 0700);
      created = rc == 0;
      if (rc != 0 && rc != Posix.EEXIST) {
        throw JournalException.io(dir, "create journal directory", Posix.failure(abs, rc));
      }
      fd = openChild(dir, parentFd, name, abs);
      Posix.Stat stat = Posix.fstat(fd, abs);
      if (stat.uid() != Posix.geteuid()) {
        throw JournalException.notYours(dir, "uid " + stat.uid());
      }
      boolean keep = continues && JournalFiles.looksLikeJournal(Path.of("/proc/self/fd/" + fd));
      JournalDirectory d = new JournalDirectory(abs, fd, created, keep);
      checkContents(dir, d.inside, force || created || keep);
      if (access.shared()) {
        Posix.fchgrp(fd, access.gid(), abs);
      }
      Posix.fchmod(fd, access.directoryMode(), abs);
      if (!keep) {
        JournalFiles.deleteWritten(d.inside);
      }
      return d;
    } catch (IOException | RuntimeException e) {
      if (fd >= 0) {
        if (created) {
          removeIfStillAt(abs, Path.of("/proc/self/fd/" + fd)); // what was not opened is not known to be ours
        }
        Posix.close(fd);
      }
      if (e instanceof JournalException j) {
        throw j;
      }
      if (access.shared() && e instanceof Posix.ErrnoException p && p.errno == Posix.EPERM) {
        throw JournalException.io(dir, "give the journal to group " + access.group(), new IOException(
            "operation not permitted (only root or a member of " + access.group() + " can)"));
      }
      throw JournalException.io(dir, "create journal directory", e);
    } finally {
      Posix.close(parentFd);
    }
  }

  /** After a failed start: removes what the writer made, and the directory if it made that too. */
  void discard() {
    try {
      JournalFiles.deleteWritten(inside);
    } catch (IOException ignored) {
      // best effort: the caller is already reporting why the journal could not be written
    }
    if (created) {
      removeIfStillAt(absolute, inside);
    }
  }

  /** Removes the (empty) directory at {@code path} only if it is still the one open as {@code inside}. */
  private static void removeIfStillAt(Path path, Path inside) {
    try {
      Object mine = Files.readAttributes(inside, BasicFileAttributes.class).fileKey();
      Object there = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
      if (mine != null && mine.equals(there)) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // moved away, replaced or not empty: leave it
    }
  }

  @Override
  public void close() {
    Posix.close(fd);
  }

  private static int openChild(Path dir, int parentFd, String name, Path abs) throws IOException {
    try {
      return Posix.openDirectoryAt(parentFd, name, abs);
    } catch (Posix.ErrnoException e) {
      if (e.errno == Posix.ELOOP) {
        throw JournalException.symlink(dir);
      }
      if (e.errno == Posix.ENOTDIR) {
        throw JournalException.notEmpty(dir);
      }
      if (e.errno == Posix.ENOENT) {
        throw JournalException.io(dir, "create journal directory", new IOException(
            "it was moved away while tcptop created it; someone may be racing for that path"));
      }
      throw e;
    }
  }

  private static void checkExisting(Path dir, Path abs, BasicFileAttributes a, boolean force) {
    if (a.isSymbolicLink()) {
      throw JournalException.symlink(dir);
    }
    if (!a.isDirectory()) {
      throw JournalException.notEmpty(dir);
    }
    int uid = uid(abs);
    if (uid != Posix.geteuid()) {
      throw JournalException.notYours(dir, ownerName(abs, uid));
    }
    checkContents(dir, abs, force);
  }

  /** An existing journal only with force; never a directory holding anything else. */
  private static void checkContents(Path dir, Path abs, boolean force) {
    boolean journal = JournalFiles.looksLikeJournal(abs);
    if (journal && !force) {
      throw JournalException.exists(dir);
    }
    try (Stream<Path> s = Files.list(abs)) {
      if (!journal && s.findAny().isPresent()) {
        throw JournalException.notEmpty(dir);
      }
    } catch (IOException e) {
      throw JournalException.io(dir, "read", e);
    }
  }

  /**
   * The directories above the journal must not be changeable by another user: one who could
   * rename an entry on the way could swap the journal's parent for a link to anywhere before it is
   * opened. Root, the caller and the user who ran sudo are trusted; so are directories with the
   * sticky bit (/tmp), where nobody can rename another's entry. The journal's own parent only
   * matters when tcptop has to create directories in it: once opened, it is held.
   */
  private static void checkParents(Path dir, Path ancestor, boolean createsIn) {
    Path real;
    try {
      real = ancestor.toRealPath();
    } catch (IOException e) {
      throw JournalException.io(dir, "create journal", e);
    }
    Set<Integer> trusted = trustedUids();
    for (Path d = createsIn ? real : real.getParent(); d != null; d = d.getParent()) {
      int mode = mode(d);
      int uid = uid(d);
      if (!trusted.contains(uid)) {
        throw JournalException.unsafeParent(dir, d, "belongs to " + ownerName(d, uid));
      }
      if ((mode & 022) != 0 && (mode & 01000) == 0) {
        throw JournalException.unsafeParent(dir, d, "can be written by other users and has no sticky bit");
      }
    }
  }

  private static Set<Integer> trustedUids() {
    Set<Integer> uids = new HashSet<>();
    uids.add(0);
    uids.add(Posix.geteuid());
    String sudo = System.getenv("SUDO_UID");
    if (sudo != null && sudo.matches("\\d{1,9}")) {
      uids.add(Integer.parseInt(sudo));
    }
    return uids;
  }

  private static Path absolute(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (abs.getParent() == null) {
      throw JournalException.notEmpty(dir);
    }
    return abs;
  }

  private static BasicFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw JournalException.io(p, "read", e);
    }
  }

  private static int uid(Path p) {
    return (Integer) unix(p, "uid");
  }

  private static int mode(Path p) {
    return (Integer) unix(p, "mode");
  }

  private static Object unix(Path p, String attribute) {
    try {
      return Files.getAttribute(p, "unix:" + attribute, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw JournalException.io(p, "read", e);
    }
  }

  private static String ownerName(Path p, int uid) {
    try {
      return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
    } catch (IOException e) {
      return "uid " + uid;
    }
  }
}
