package io.tcptop.cli.analyze;

import io.tcptop.cli.PlainSpec;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What a canned report needs: a SOURCE to run on, or --print-sql to print its SQL without one.
 * Usage shows it as {@code (SOURCE | --print-sql)}, so a SOURCE never looks optional.
 */
final class SourceOrSql {

  /**
   * This group as the annotations below declare it, built by hand ({@link PlainSpec}): the group
   * has no object of its own there, the report's target is made when SOURCE or --print-sql is given.
   */
  static ArgGroupSpec plainGroup(ReportOptions r) {
    return ArgGroupSpec.builder().exclusive(true).multiplicity("1")
        .addArg(PlainSpec.positional(PositionalParamSpec.builder().index("0").paramLabel("SOURCE").type(String.class).required(true)
            .description("A journal, an export directory, or a glob of them."),
            PlainSpec.bindInGroup(() -> r.target, () -> r.target == null ? null : r.target.source, v -> {
              if (v != null) {
                r.target().source = v;
              }
            })))
        .addArg(PlainSpec.option(OptionSpec.builder("--print-sql").paramLabel("<printSql>").type(boolean.class)
            .description("Print the report's SQL (with this command line's parameters) instead of running it."),
            PlainSpec.bindInGroup(() -> r.target, () -> r.target != null && r.target.printSql, v -> {
              if (v) {
                r.target().printSql = true;
              }
            })))
        .build();
  }

  @Parameters(index = "0", paramLabel = "SOURCE", description = "A journal, an export directory, or a glob of them.")
  String source;

  @Option(names = "--print-sql",
      description = "Print the report's SQL (with this command line's parameters) instead of running it.")
  boolean printSql;
}
