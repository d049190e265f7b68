package io.tcptop.cli;

import io.tcptop.cli.analyze.AnalyzeCommand;
import picocli.CommandLine;

/**
 * The command lines whose start-up is measured ({@code docs/PERFORMANCE.md}): {@code tcptop replay},
 * {@code tcptop top} (its first frame) and {@code tcptop analyze top}, built by hand rather than from their annotations, with only the
 * commands on the way to the one named. Anything else, a help option before the command's name
 * included, gets the annotated tree ({@link Tcptop#annotated}), so the help and errors of every
 * other command line come from there; the hand-built commands mirror their annotated classes and
 * {@code HotCommandsTest} holds them to print the same help and parse the same way.
 */
final class HotCommands {
  private HotCommands() {}

  /** The hand-built command line for these arguments, or null when they name no hot command. */
  static CommandLine commandLine(String[] args) {
    int i = skipVerbose(args, 0);
    if (i < args.length && args[i].equals("replay")) {
      CommandLine root = root();
      root.addSubcommand("replay", PlainSpec.commandLine(ReplayCommand.plainSpec(new ReplayCommand())));
      return Tcptop.finish(root);
    }
    if (i < args.length && args[i].equals("top")) {
      CommandLine root = root();
      root.addSubcommand("top", PlainSpec.commandLine(TopCommand.plainSpec(new TopCommand())));
      return Tcptop.finish(root);
    }
    if (i < args.length && args[i].equals("analyze")) {
      int j = skipVerbose(args, i + 1);
      if (j < args.length && args[j].equals("top")) {
        CommandLine root = root();
        root.addSubcommand("analyze", AnalyzeCommand.plainTopOnly());
        return Tcptop.finish(root);
      }
    }
    return null;
  }

  private static CommandLine root() {
    return PlainSpec.commandLine(Tcptop.plainSpec(new Tcptop()));
  }

  /** The index of the first argument from {@code i} on that is not --verbose (the one root option that may come first). */
  private static int skipVerbose(String[] args, int i) {
    while (i < args.length && args[i].equals("--verbose")) {
      i++;
    }
    return i;
  }
}
