package io.tcptop.cli;

import io.tcptop.error.Messages;
import io.tcptop.error.TcptopException;
import io.tcptop.error.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place where failures become output and exit codes: a typed error prints its one-line
 * message; anything else is a bug, reported in one line unless --verbose asks for the trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
  private final boolean verbose;

  ErrorReporter(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    var err = cmd.getErr();
    if (verbose) {
      ex.printStackTrace(err);
    }
    if (ex instanceof UsageException u) {
      UsageReporter.report(cmd, u.getMessage(), err);
      return u.exitCode();
    }
    if (ex instanceof TcptopException t) {
      err.println("tcptop: " + t.getMessage());
      return t.exitCode();
    }
    String m = ex.getMessage() == null ? "" : ": " + Messages.firstLine(ex);
    err.println("tcptop: internal error " + ex.getClass().getSimpleName() + m
        + (verbose ? "" : " (run with --verbose for the stack trace)"));
    return 1;
  }
}
