package io.tcptop.analyze;

import io.tcptop.error.Messages;
import io.tcptop.error.TcptopException;
import java.nio.file.Path;

/** Export and query failures, each one line; factory methods keep the wording in one place. */
public final class AnalyzeException extends TcptopException {

  private AnalyzeException(String message, Throwable cause) {
    super(message, cause);
  }

  public static AnalyzeException cannotWrite(Path path, Throwable cause) {
    return new AnalyzeException("cannot write " + path + ": " + Messages.firstLine(cause), cause);
  }

  public static AnalyzeException outputExists(Path dir) {
    return new AnalyzeException(dir + " exists and is not empty: choose a new directory for -o, add --force to replace an earlier export, "
        + "or give it to --append instead of -o to add the journals to it", null);
  }

  public static AnalyzeException notAnExport(Path dir) {
    return new AnalyzeException(dir + " exists and is not an export: --force only replaces a directory written by 'tcptop analyze export'", null);
  }

  public static AnalyzeException otherSchema(Path dir, int found, int supported) {
    String what = found == 0 ? "was not written by 'tcptop analyze export'"
        : "is an export of schema version " + found + (found < supported ? " (an older tcptop)" : " (a newer tcptop)");
    return new AnalyzeException(dir + " " + what + "; this tcptop reads schema version " + supported
        + ": export the journals again with this tcptop", null);
  }

  public static AnalyzeException foreignFile(Path root, Path file, String what) {
    return new AnalyzeException(file + " is " + what + " in the export " + root + " (tcptop writes only "
        + "part-SESSION-N.parquet in key=value directories; readers would count a copy twice): move it out of " + root, null);
  }

  public static AnalyzeException sessionPresent(Path root, String session, Path journal) {
    return new AnalyzeException(root + " already holds session " + session + " (" + journal + "): exported again "
        + "it would count twice; add --replace to replace that session's files", null);
  }

  public static AnalyzeException sessionsOverlap(Path root, String added, String present, String host, String from, String to) {
    return new AnalyzeException(root + ": session " + added + " overlaps session " + present + " of host " + host + " from "
        + from + " to " + to + ": windows of one recording that overlap would count those events twice; dump windows that "
        + "do not overlap (--from where the last one ended), or --allow-overlap if they are separate recordings", null);
  }

  public static AnalyzeException otherLayout(Path root, String has, String asked) {
    return new AnalyzeException(root + " is laid out " + has + ", this export would be " + asked
        + ": give the same --partition-by and --timestamps, or leave them out to use the export's", null);
  }

  public static AnalyzeException notAFinishedExport(Path root) {
    return new AnalyzeException(root + " has no _SUCCESS: it is not a finished export (one was interrupted, or "
        + "the file was lost in a copy); --append adds only to a finished export: export into a new directory", null);
  }

  public static AnalyzeException appendLocked(Path root) {
    return new AnalyzeException("another 'tcptop analyze export --append' is writing to " + root
        + ": run this one when it has ended", null);
  }

  public static AnalyzeException noSuchSource(String source) {
    return new AnalyzeException(source + ": no such journal or export directory", null);
  }

  public static AnalyzeException notASource(Path path) {
    return new AnalyzeException(path + " is neither a tcptop journal nor an export directory (one with events/, connections/, bandwidth/ and _SUCCESS)", null);
  }

  public static AnalyzeException unfinishedExport(Path path) {
    return new AnalyzeException(path + " is an unfinished export (no _SUCCESS file): export it again", null);
  }

  public static AnalyzeException noMatch(String glob) {
    return new AnalyzeException(glob + " matches no journal or export directory", null);
  }

  /** A query failed: DuckDB's own message, one line. */
  public static AnalyzeException query(String duckDbMessage, Throwable cause) {
    return new AnalyzeException(duckDbMessage, cause);
  }

  public static AnalyzeException io(String what, Throwable cause) {
    return new AnalyzeException("cannot " + what + ": " + Messages.firstLine(cause), cause);
  }
}
