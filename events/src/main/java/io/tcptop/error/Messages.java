package io.tcptop.error;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns a library's exception into the one line a user reads. */
public final class Messages {
  private Messages() {}

  /**
   * The first line of the exception's message, with file-system failures said the way a shell
   * says them ("/x: permission denied"); the class name when there is no message.
   */
  public static String firstLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof AccessDeniedException f) {
      m = f.getFile() + ": permission denied";
    } else if (t instanceof NoSuchFileException f) {
      m = f.getFile() + ": no such file or directory";
    } else if (t instanceof FileAlreadyExistsException f) {
      m = f.getFile() + " is in the way: it exists and is not a directory";
    } else if (t instanceof FileSystemException f) {
      m = f.getFile() + ": " + (f.getReason() != null ? f.getReason() : t.getClass().getSimpleName());
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
