package io.tcptop.record;

import picocli.CommandLine;

/** Runs 'tcptop record' in a child JVM, so tests can signal and kill it; errors as the CLI shows them. */
public final class RecordMain {
  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new RecordCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("tcptop: " + ex.getMessage());
      return 1;
    });
    System.exit(cl.execute(args));
  }
}
