package io.tcptop.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Bad command lines: the problem in one line naming the whole command ({@code tcptop analyze
 * top: …}), then where to read about the options; exit code 2. The usage itself is not printed:
 * thirty lines of options bury the one line that matters.
 */
final class UsageReporter implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    report(cmd, ex.getMessage(), cmd.getErr());
    return 2;
  }

  /** Prints a usage error of {@code cmd}: its message (first line only) and the pointer to --help. */
  static void report(CommandLine cmd, String message, PrintWriter err) {
    String name = cmd.getCommandSpec().qualifiedName();
    String line = message == null ? "" : message.strip().lines().findFirst().orElse("");
    if (line.startsWith("Error: ")) {
      line = line.substring("Error: ".length()); // picocli's argument-group messages start so
    }
    err.println(name + ": " + line);
    err.println("Try '" + name + " --help' for the options.");
  }
}
