package io.tcptop.record;

import picocli.CommandLine;

/** Runs 'tcptop record' in a child JVM, so tests can signal and kill it. */
public final class RecordMain {
  public static void main(String[] args) {
    System.exit(new CommandLine(new RecordCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
