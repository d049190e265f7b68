package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which library file top lets JLine load: real files, links and owners. */
class JLineNativeLibraryTest {
  @TempDir Path dir;

  private Path library(String permissions) throws Exception {
    Path p = dir.resolve(JLineNativeLibrary.FILE);
    Files.write(p, new byte[] {0x7f, 'E', 'L', 'F'});
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
    return p;
  }

  @Test
  void aFileOfTheUsersWritableByNoOneElseIsTrusted() throws Exception {
    assertTrue(JLineNativeLibrary.trusted(library("rw-r--r--")));
    assertTrue(JLineNativeLibrary.trusted(library("r-xr-xr-x")));
  }

  @Test
  void aFileOthersOrItsGroupCanWriteIsNot() throws Exception {
    assertFalse(JLineNativeLibrary.trusted(library("rw-rw-r--")));
    assertFalse(JLineNativeLibrary.trusted(library("rw-r--rw-")));
  }

  @Test
  void aLinkIsNotFollowedEvenToATrustedFile() throws Exception {
    Path real = dir.resolve("elsewhere.so");
    Files.write(real, new byte[] {1});
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r--r--"));
    Path link = Files.createSymbolicLink(dir.resolve("link.so"), real);
    assertTrue(JLineNativeLibrary.trusted(real));
    assertFalse(JLineNativeLibrary.trusted(link));
  }

  @Test
  void aFileInADirectoryOthersCanWriteIsNot() throws Exception {
    // Whoever can write the directory can put another file in the library's place.
    Path p = library("rw-r--r--");
    assertTrue(JLineNativeLibrary.trusted(p));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertFalse(JLineNativeLibrary.trusted(p));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
    assertFalse(JLineNativeLibrary.trusted(p));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertTrue(JLineNativeLibrary.trusted(p));
  }

  @Test
  void aFileReachedThroughALinkedDirectoryIsNot() throws Exception {
    Path p = library("rw-r--r--");
    Path linked = Files.createSymbolicLink(dir.resolveSibling(dir.getFileName() + "-link"), dir);
    try {
      assertFalse(JLineNativeLibrary.trusted(linked.resolve(JLineNativeLibrary.FILE)));
      assertTrue(JLineNativeLibrary.trusted(p));
    } finally {
      Files.delete(linked);
    }
  }

  @Test
  void aMissingFileOrADirectoryIsNot() throws Exception {
    assertFalse(JLineNativeLibrary.trusted(dir.resolve("absent.so")));
    assertFalse(JLineNativeLibrary.trusted(dir));
  }

  @Test
  void aFileOwnedByAnotherUserIsNot() throws Exception {
    // Giving a file away takes root, as CI runs.
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give a file away");
    Path p = library("rw-r--r--");
    Files.setAttribute(p, "unix:uid", 65534);
    assertFalse(JLineNativeLibrary.trusted(p));
  }

  @Test
  void classesOutsideAJarUseNoLibrary() {
    // The tests run from the build's class directory: nothing beside a jar, so JLine is not pointed anywhere.
    String before = System.getProperty("library.jline.path");
    assertFalse(JLineNativeLibrary.useBesideJar());
    assertTrue(before == null ? System.getProperty("library.jline.path") == null : before.equals(System.getProperty("library.jline.path")));
  }
}
