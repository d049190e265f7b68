package io.tcptop.analyze.parquet;

import io.tcptop.error.UsageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Set;

/**
 * Who may read what an export writes: its owner only (directories 0700, files 0600), like the
 * journal it comes from, or also one group (0750 and 0640, owned by that group) when the user
 * names one.
 *
 * <p>Every directory and file is created with its mode (the mode argument of mkdir(2) and
 * open(2)), never created wider and narrowed afterwards, so there is no moment in which another
 * user could open it. The process umask is left alone: it is the whole process's (DuckDB, other
 * threads), and it can only take permissions away. For a group, the group and the exact mode are
 * set right after creation, inside the owner-only temporary directory of the export, so nobody
 * else can reach the file before that.
 */
public final class FileModes {
  private static final FileModes OWNER_ONLY = new FileModes(null);

  private final GroupPrincipal group;
  private final FileAttribute<Set<PosixFilePermission>> directoryMode;
  private final FileAttribute<Set<PosixFilePermission>> fileMode;

  private FileModes(GroupPrincipal group) {
    this.group = group;
    this.directoryMode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(group == null ? "rwx------" : "rwxr-x---"));
    this.fileMode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(group == null ? "rw-------" : "rw-r-----"));
  }

  /** Directories 0700, files 0600. */
  public static FileModes ownerOnly() {
    return OWNER_ONLY;
  }

  /** Directories 0750 and files 0640, owned by {@code groupName}. */
  public static FileModes readableByGroup(String groupName) {
    try {
      return new FileModes(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(groupName));
    } catch (UserPrincipalNotFoundException e) {
      throw new UsageException("--group " + groupName + ": no such group on this machine");
    } catch (IOException e) {
      throw new UsageException("--group " + groupName + ": cannot look the group up: " + e.getMessage());
    }
  }

  /** Creates one directory, which must not exist yet. */
  public void createDirectory(Path dir) throws IOException {
    Files.createDirectory(dir, directoryMode);
    share(dir, directoryMode);
  }

  /** Creates {@code dir} and whichever of its parents are missing, each with this mode. */
  public void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      createDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      if (!Files.isDirectory(dir)) {
        throw raced;
      }
    }
  }

  /** Creates a new file for writing; it must not exist yet (a link in its place is not followed). */
  public FileChannel createFile(Path file) throws IOException {
    FileChannel c = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileMode);
    try {
      share(file, fileMode);
    } catch (IOException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Creates a new file holding {@code text}. */
  public void writeFile(Path file, String text) throws IOException {
    try (FileChannel c = createFile(file)) {
      var bytes = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        c.write(bytes);
      }
    }
  }

  /**
   * Opens a finished directory to the group (the export's own directory, last of all); owner-only
   * directories are created as they stay.
   */
  public void openToGroup(Path dir) throws IOException {
    if (group != null) {
      share(dir, directoryMode);
    }
  }

  /** Gives a new file or directory to the group, with its exact mode (a umask may have cut it). */
  private void share(Path p, FileAttribute<Set<PosixFilePermission>> mode) throws IOException {
    if (group == null) {
      return;
    }
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setGroup(group);
    view.setPermissions(mode.value());
  }
}
