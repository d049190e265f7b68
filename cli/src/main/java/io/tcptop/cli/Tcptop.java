package io.tcptop.cli;

import io.tcptop.Version;
import io.tcptop.cli.analyze.AnalyzeCommand;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The tcptop command: records connections with eBPF, replays and analyzes recordings. */
@Command(
    name = "tcptop",
    mixinStandardHelpOptions = true,
    versionProvider = Tcptop.VersionProvider.class,
    subcommands = {RecordCommand.class, ReplayCommand.class, TopCommand.class, AnalyzeCommand.class},
    description = {
        "Records every TCP and UDP connection's traffic with eBPF, replays recordings through the "
            + "same aggregator as the live view, and answers SQL over them.",
        "Exit codes: 0 ok, 1 runtime error, 2 usage error."})
public final class Tcptop implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args, stdout(), new PrintWriter(System.err, true)));
  }

  /** Runs a command line; returns the exit code. Tests call this with their own writers. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    cl.setExecutionExceptionHandler(new ErrorReporter(verbose));
    cl.setParameterExceptionHandler(new UsageReporter());
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Tcptop()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces of errors and libbpf's log.")
  boolean verbose;

  /** Whether --verbose was given, before or after the subcommand's name (it is inherited). */
  static boolean verbose(CommandLine.Model.CommandSpec spec) {
    return spec.commandLine().getParseResult().hasMatchedOption("--verbose")
        || spec.root().commandLine().getParseResult().hasMatchedOption("--verbose");
  }

  private static PrintWriter stdout() {
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
  }

  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tcptop " + Version.get()};
    }
  }
}
