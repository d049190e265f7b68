package io.tcptop.analyze.report;

import io.tcptop.error.Messages;
import io.tcptop.error.TcptopException;
import java.nio.file.Path;

/** Why a report cannot be written, in one line that says what to do. */
public final class ReportException extends TcptopException {

  private ReportException(String message, Throwable cause) {
    super(message, cause);
  }

  public static ReportException outputExists(Path file) {
    return new ReportException(file + " exists: choose another file for -o, or add --force to replace it", null);
  }

  public static ReportException notAReport(Path file) {
    return new ReportException(file + " exists and is not a report: --force only replaces a file written by 'tcptop analyze report'", null);
  }

  public static ReportException outputIsDirectory(Path file) {
    return new ReportException(file + " is a directory: give -o the path of the HTML file to write, e.g. " + file.resolve("report.html"), null);
  }

  public static ReportException cannotWrite(Path file, Throwable cause) {
    return new ReportException("cannot write " + file + ": " + Messages.firstLine(cause), cause);
  }

  public static ReportException tooManyBuckets(long buckets, String bucket, long max) {
    return new ReportException(String.format(java.util.Locale.ROOT,
        "--bucket %s makes %,d buckets in this span; a report holds at most %,d: choose a longer --bucket or a shorter --from/--to window",
        bucket, buckets, max), null);
  }
}
