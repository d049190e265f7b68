package io.tcptop.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Bad command lines: the problem in one line, then the command's usage, exit code 2. */
final class UsageReporter implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    var err = cmd.getErr();
    err.println("tcptop: " + ex.getMessage());
    cmd.usage(err);
    return 2;
  }
}
