package io.tcptop.journal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The libc calls the journal writer needs and the JDK does not offer: directories opened without
 * following links and changed through their descriptor (the JDK's "no follow" chmod follows links),
 * the process umask (Chronicle creates its files with the default mode), and fallocate (blocks
 * reserved before a mapped write touches them). Linux x86-64 only, like the rest of tcptop. Only
 * the writer loads this class; readers need no native code.
 */
final class Posix {
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EEXIST = 17;
  static final int ENOTDIR = 20;
  static final int ENOSPC = 28;
  static final int ELOOP = 40;
  static final int EOPNOTSUPP = 95;

  private static final int O_RDONLY = 0;
  private static final int O_RDWR = 2;
  private static final int O_NONBLOCK = 0x800;
  private static final int O_DIRECTORY = 0x10000;
  private static final int O_NOFOLLOW = 0x20000;
  private static final int O_CLOEXEC = 0x80000;
  private static final int FALLOC_FL_KEEP_SIZE = 1;
  /** x86-64 {@code struct stat}: 144 bytes; st_mode at 24, st_uid at 28, st_gid at 32. */
  private static final long STAT_SIZE = 144;
  /** st_blocks in the x86-64 struct stat. */
  private static final long ST_BLOCKS = 64;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  // Each call's handle is made the first time it is used, in a class of its own: making one
  // generates code (a downcall stub and its method handles), which costs a command that needs a
  // few of them (a slice) tens of milliseconds of CPU for each one it does not use.
  private static final class Umask {
    static final MethodHandle CALL = call("umask", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  }

  private static final class Geteuid {
    static final MethodHandle CALL = call("geteuid", FunctionDescriptor.of(JAVA_INT));
  }

  /** open(2) and openat(2) are variadic: the mode follows the flags. */
  private static final class Open {
    static final MethodHandle CALL = LINKER.downcallHandle(LIBC.findOrThrow("open"),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
  }

  private static final class OpenAt {
    static final MethodHandle CALL = LINKER.downcallHandle(LIBC.findOrThrow("openat"),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE_ERRNO,
        Linker.Option.firstVariadicArg(3));
  }

  private static final class MkdirAt {
    static final MethodHandle CALL = errnoCall("mkdirat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  }

  private static final class Fstat {
    static final MethodHandle CALL = errnoCall("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
  }

  private static final class Lstat {
    static final MethodHandle CALL = call("lstat", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  }

  private static final class Fchmod {
    static final MethodHandle CALL = errnoCall("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  }

  private static final class Fchown {
    static final MethodHandle CALL = errnoCall("fchown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  }

  private static final class Close {
    static final MethodHandle CALL = call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  }

  private static final class Fallocate {
    static final MethodHandle CALL = errnoCall("fallocate",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
  }

  /** {@code struct group}: gr_name, gr_passwd, then gr_gid at offset 16. */
  private static final class Getgrnam {
    static final MethodHandle CALL = call("getgrnam", FunctionDescriptor.of(ADDRESS, ADDRESS));
  }

  private static final class Strerror {
    static final MethodHandle CALL = call("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
  }

  private Posix() {}

  /** What fstat says about an open file. */
  record Stat(int mode, int uid, int gid) {
    boolean isDirectory() {
      return (mode & 0170000) == 0040000;
    }

    boolean isRegularFile() {
      return (mode & 0170000) == 0100000;
    }

    int permissions() {
      return mode & 07777;
    }
  }

  /** Sets the process's file-mode creation mask; returns the previous one. */
  static int umask(int mask) {
    try {
      return (int) Umask.CALL.invokeExact(mask);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int geteuid() {
    try {
      return (int) Geteuid.CALL.invokeExact();
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** The id of group {@code name}, or -1 when there is no such group. */
  static int groupId(String name) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment g = (MemorySegment) Getgrnam.CALL.invokeExact(arena.allocateFrom(name));
      return g.equals(MemorySegment.NULL) ? -1 : g.reinterpret(24).get(JAVA_INT, 16);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** Opens a directory, refusing a symbolic link in its place. */
  static int openDirectory(Path dir) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int fd = (int) Open.CALL.invokeExact(errno, arena.allocateFrom(dir.toString()),
          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
      if (fd < 0) {
        throw failure(dir, (int) ERRNO.get(errno, 0L));
      }
      return fd;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** Opens directory {@code name} inside the open directory {@code parentFd}, never through a link. */
  static int openDirectoryAt(int parentFd, String name, Path shownAs) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int fd = (int) OpenAt.CALL.invokeExact(errno, parentFd, arena.allocateFrom(name),
          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0);
      if (fd < 0) {
        throw failure(shownAs, (int) ERRNO.get(errno, 0L));
      }
      return fd;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** Creates directory {@code name} inside {@code parentFd}; returns 0 or the errno (EEXIST: it exists). */
  static int mkdirAt(int parentFd, String name, int mode) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int rc = (int) MkdirAt.CALL.invokeExact(errno, parentFd, arena.allocateFrom(name), mode);
      return rc == 0 ? 0 : (int) ERRNO.get(errno, 0L);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static Stat fstat(int fd, Path shownAs) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      MemorySegment st = arena.allocate(STAT_SIZE, 8);
      if ((int) Fstat.CALL.invokeExact(errno, fd, st) != 0) {
        throw failure(shownAs, (int) ERRNO.get(errno, 0L));
      }
      return new Stat(st.get(JAVA_INT, 24), st.get(JAVA_INT, 28), st.get(JAVA_INT, 32));
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /**
   * The disk {@code file} really takes: its allocated blocks (st_blocks, in 512-byte units), which
   * the JDK does not expose. Chronicle's cycle files are sparse (MiBs long, KiBs used when new), so
   * a size bound counted in file lengths would be wrong by orders of magnitude. A link is not
   * followed; its length is the answer when the blocks cannot be read.
   */
  static long allocatedBytes(Path file) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment st = arena.allocate(STAT_SIZE, 8);
      if ((int) Lstat.CALL.invokeExact(arena.allocateFrom(file.toString()), st) == 0) {
        return st.get(JAVA_LONG, ST_BLOCKS) * 512;
      }
    } catch (Throwable ignored) {
      // the length below
    }
    try {
      return java.nio.file.Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  static void fchmod(int fd, int mode, Path shownAs) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      if ((int) Fchmod.CALL.invokeExact(errno, fd, mode) != 0) {
        throw failure(shownAs, (int) ERRNO.get(errno, 0L));
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** Gives the open file to group {@code gid}, keeping its owner. */
  static void fchgrp(int fd, int gid, Path shownAs) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      if ((int) Fchown.CALL.invokeExact(errno, fd, -1, gid) != 0) {
        throw failure(shownAs, (int) ERRNO.get(errno, 0L));
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static void close(int fd) {
    try {
      int ignored = (int) Close.CALL.invokeExact(fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /**
   * Allocates blocks for {@code [offset, offset + length)} of an existing regular file without
   * changing its size. Opens it with O_NOFOLLOW: a link in its place is refused, not followed.
   * Returns 0 or the errno (ENOSPC: the disk is full; EOPNOTSUPP: the file system cannot).
   */
  static int allocate(Path file, long offset, long length) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = arena.allocate(CAPTURE);
      int fd = (int) Open.CALL.invokeExact(errno, arena.allocateFrom(file.toString()),
          O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
      if (fd < 0) {
        return (int) ERRNO.get(errno, 0L);
      }
      try {
        int rc = (int) Fallocate.CALL.invokeExact(errno, fd, FALLOC_FL_KEEP_SIZE, offset, length);
        return rc == 0 ? 0 : (int) ERRNO.get(errno, 0L);
      } finally {
        close(fd);
      }
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** The C library's text for an errno, in lower case to sit inside tcptop's sentences. */
  static String strerror(int errno) {
    try {
      MemorySegment text = (MemorySegment) Strerror.CALL.invokeExact(errno);
      return text.reinterpret(Integer.MAX_VALUE).getString(0).toLowerCase(Locale.ROOT);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** A failed call as the JDK reports file-system failures: the path and the reason. */
  static FileSystemException failure(Path path, int errno) {
    String reason = errno == ELOOP ? "is a symbolic link" : strerror(errno);
    return new ErrnoException(path, reason, errno);
  }

  /** A {@link FileSystemException} that keeps the errno for callers that decide on it. */
  static final class ErrnoException extends FileSystemException {
    final int errno;

    ErrnoException(Path path, String reason, int errno) {
      super(path.toString(), null, reason);
      this.errno = errno;
    }
  }

  private static MethodHandle call(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor);
  }

  private static MethodHandle errnoCall(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor, CAPTURE_ERRNO);
  }

  /** A downcall declares Throwable; anything thrown here is a bug in a descriptor. */
  private static RuntimeException unexpected(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
