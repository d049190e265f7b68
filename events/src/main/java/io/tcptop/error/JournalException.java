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

  public static JournalException symlink(Path path) {
    return new JournalException(path + " is a symbolic link: tcptop writes a journal only into a real directory"
        + " (a link could point anywhere); give a new path for -o", null);
  }

  public static JournalException notYours(Path path, String owner) {
    return new JournalException(path + " belongs to " + owner + ", not to you: tcptop writes a journal only into a"
        + " directory it creates or one you own (another user could read or redirect it); give a new path for -o", null);
  }

  public static JournalException unsafeParent(Path path, Path parent, String why) {
    return new JournalException("cannot record into " + path + ": " + parent + " " + why
        + ", so another user could swap what is under it for a link to anywhere; record under a directory"
        + " only you and root can change, such as /var/tmp or /root", null);
  }

  public static JournalException noSpace(Path path, String when) {
    return new JournalException("no space left on the disk holding " + path + " " + when
        + ": free some space or record elsewhere", null);
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
