package io.tcptop.cli.analyze;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What a canned report needs: a SOURCE to run on, or --print-sql to print its SQL without one.
 * Usage shows it as {@code (SOURCE | --print-sql)}, so a SOURCE never looks optional.
 */
final class SourceOrSql {

  @Parameters(index = "0", paramLabel = "SOURCE", description = "A journal, an export directory, or a glob of them.")
  String source;

  @Option(names = "--print-sql",
      description = "Print the report's SQL (with this command line's parameters) instead of running it.")
  boolean printSql;
}
