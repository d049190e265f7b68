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
    return new AnalyzeException(dir + " exists and is not empty: choose a new directory for -o, or add --force to replace an earlier export", null);
  }

  public static AnalyzeException notAnExport(Path dir) {
    return new AnalyzeException(dir + " exists and is not an export: --force only replaces a directory written by 'tcptop analyze export'", null);
  }

  public static AnalyzeException otherSchema(Path dir, int found, int oldest, int newest) {
    String what = found == 0 ? "was not written by 'tcptop analyze export'"
        : "is an export of schema version " + found + (found < oldest ? " (an older tcptop)" : " (a newer tcptop)");
    return new AnalyzeException(dir + " " + what + "; this tcptop reads schema versions " + oldest + " to " + newest
        + ": export the journals again with this tcptop", null);
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
