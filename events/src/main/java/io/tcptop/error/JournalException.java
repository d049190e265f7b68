package io.tcptop.error;

import java.nio.file.Path;

/** A journal cannot be opened, read or written. Factory methods keep the wording in one place. */
public final class JournalException extends TcptopException {

  private JournalException(String message, Throwable cause) {
    super(message, cause);
  }

  public static JournalException notFound(Path path) {
    return new JournalException(path + ": no such journal; give the directory written by 'tcptop record -o'", null);
  }

  public static JournalException notADirectory(Path path) {
    return new JournalException(path + " is a file, not a journal: give the directory written by 'tcptop record -o'", null);
  }

  public static JournalException empty(Path path) {
    return new JournalException(path + " is an empty directory, not a journal: give the directory written by 'tcptop record -o'", null);
  }

  public static JournalException notAJournal(Path path, String why) {
    return new JournalException(path + " is not a tcptop journal (" + why + ")", null);
  }

  public static JournalException damagedHeader(Path path, String why) {
    return new JournalException(path + " is damaged at its start: its first batch, the session header, fails its check ("
        + why + "); nothing in it can be read without the header", null);
  }

  public static JournalException newerVersion(Path path, int found, int supported) {
    return new JournalException(path + " has journal format version " + found
        + ", newer than this tcptop reads (" + supported + "): upgrade tcptop", null);
  }

  public static JournalException exists(Path path) {
    return new JournalException(path + " already holds a journal: choose another -o or add --force to overwrite it", null);
  }

  public static JournalException notEmpty(Path path) {
    return new JournalException(path + " exists and is not a journal: choose an empty or new directory for -o", null);
  }

  /** A store file Chronicle must not be given: a link, not a file, or a header tcptop does not accept. */
  public static JournalException unsafeStore(Path path, String problem) {
    return new JournalException("cannot read journal " + path + ": its " + problem, null);
  }

  public static JournalException io(Path path, String what, Throwable cause) {
    String detail = cause == null ? "" : ": " + Messages.firstLine(cause);
    return new JournalException("cannot " + what + " " + path + detail, cause);
  }
}
