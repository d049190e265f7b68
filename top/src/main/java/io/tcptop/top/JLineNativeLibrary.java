package io.tcptop.top;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.CodeSource;
import java.util.Optional;

/**
 * JLine's JNI library, loaded from beside tcptop's jar (the build and the package put it there) and
 * never from anywhere else. Left to itself, JLine writes the library from its jar into the
 * temporary directory on every start and loads it from there, and first deletes every file in that
 * directory named like its own, whoever wrote it; tcptop runs as root. So the jar carries none, and
 * JLine is pointed at this file before it starts: it then unpacks nothing, and its clean-up looks
 * only into the jar's directory, where no file has the name it looks for.
 */
public final class JLineNativeLibrary {
  static final String FILE = "libjlinenative.so";

  private JLineNativeLibrary() {}

  /**
   * Points JLine at the library beside the jar; false, and JLine untouched, when there is none to
   * trust: classes run from a build directory, a jar copied alone, or a file or directory that is a
   * link, owned by another user, or writable by others (whoever can change it would run code as
   * root).
   */
  static synchronized boolean useBesideJar() {
    Optional<Path> dir = jarDirectory();
    if (dir.isEmpty() || !trusted(dir.get().resolve(FILE))) {
      return false;
    }
    String path = dir.get().toString();
    System.setProperty("library.jline.path", path);
    System.setProperty("jline.tmpdir", path);
    return true;
  }

  private static Optional<Path> jarDirectory() {
    CodeSource source = JLineNativeLibrary.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path jar = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(jar) ? Optional.ofNullable(jar.toAbsolutePath().getParent()) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A regular file, not a link, in a directory that is not a link either, both owned by the user
   * or root and writable by no one else: nobody else can change the file or put another in its
   * place between this check and JLine's load.
   */
  static boolean trusted(Path library) {
    try {
      int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      Path dir = library.toAbsolutePath().getParent();
      return dir != null && ownedAndClosed(library, self, false) && ownedAndClosed(dir, self, true);
    } catch (IOException | UnsupportedOperationException | ClassCastException e) {
      return false;
    }
  }

  private static boolean ownedAndClosed(Path p, int self, boolean directory) throws IOException {
    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (directory ? !a.isDirectory() : !a.isRegularFile()) {
      return false;
    }
    int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    return (owner == self || owner == 0)
        && !a.permissions().contains(PosixFilePermission.GROUP_WRITE)
        && !a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
  }
}
