package io.tcptop.cli;

import io.tcptop.Version;
import io.tcptop.cli.analyze.AnalyzeCommand;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The tcptop command: records connections with eBPF, replays and analyzes recordings. */
@Command(
    name = "tcptop",
    mixinStandardHelpOptions = true,
    versionProvider = Tcptop.VersionProvider.class,
    description = {
        "Records every TCP and UDP connection's traffic with eBPF, replays recordings through the "
            + "same aggregator as the live view, and answers SQL over them.",
        "Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 a journal is damaged: the damaged parts "
            + "were skipped with a note each on stderr, and the output holds everything else."})
public final class Tcptop implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    PrintWriter err = new PrintWriter(System.err, true);
    String training = System.getProperty(AotTraining.PROPERTY);
    if (training != null) {
      System.exit(AotTraining.run(training, args, stdout(), err));
    }
    // top's terminal takes JLine a few hundred milliseconds to make: it starts before picocli reads
    // the command's annotations and parses, and is let go unused if the command fails before its screen.
    EarlyTerminal.start(args);
    int code;
    try {
      code = execute(args, stdout(), err);
    } finally {
      EarlyTerminal.discard();
    }
    System.exit(code);
  }

  /** Runs a command line; returns the exit code. Tests call this with their own writers. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, false);
  }

  /**
   * Runs a command line in which an option may come twice, the later winning: a configuration
   * file's options followed by the command line's ({@link RecorderConfig}).
   */
  static int execute(String[] args, PrintWriter out, PrintWriter err, boolean laterOptionsWin) {
    return execute(commandLine(args), args, out, err, laterOptionsWin);
  }

  /** Runs the command line on these arguments, with tcptop's error handling; returns the exit code. */
  static int execute(CommandLine cl, String[] args, PrintWriter out, PrintWriter err, boolean laterOptionsWin) {
    cl.setOverwrittenOptionsAllowed(laterOptionsWin);
    cl.setOut(out);
    cl.setErr(err);
    boolean verbose = Arrays.asList(args).contains("--verbose");
    cl.setExecutionExceptionHandler(new ErrorReporter(verbose));
    cl.setParameterExceptionHandler(new UsageReporter());
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The whole command tree. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for these arguments. Reading a command's annotations is most of picocli's
   * start-up, so when the arguments name a subcommand only that one is built; help, errors and
   * unknown names get them all.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine hot = HotCommands.commandLine(args);
    return hot != null ? hot : annotated(args);
  }

  /** The command line built from the annotations, with only the named subcommand if one is named. */
  static CommandLine annotated(String[] args) {
    String named = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    boolean known = SUBCOMMANDS.containsKey(named);
    CommandLine cl = new CommandLine(new Tcptop());
    SUBCOMMANDS.forEach((name, command) -> {
      if (!known || name.equals(named)) {
        cl.addSubcommand(name, command.get());
      }
    });
    return finish(cl);
  }

  /** picocli gives each subcommand its own --version, empty unless it has a provider too. */
  private static void giveEveryCommandTheVersion(CommandLine cl) {
    cl.getCommandSpec().versionProvider(new VersionProvider());
    for (CommandLine sub : cl.getSubcommands().values()) {
      giveEveryCommandTheVersion(sub);
    }
  }

  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("record", RecordCommand::new);
    m.put("replay", ReplayCommand::new);
    m.put("top", TopCommand::new);
    m.put("slice", SliceCommand::new);
    m.put("dump", DumpCommand::new);
    m.put("analyze", AnalyzeCommand::new);
    return m;
  }

  /** This command as its annotations declare it, built by hand ({@link PlainSpec}); no subcommands yet. */
  static CommandSpec plainSpec(Tcptop root) {
    CommandSpec s = PlainSpec.command(root);
    root.spec = s;
    s.name("tcptop");
    s.usageMessage().description(
        "Records every TCP and UDP connection's traffic with eBPF, replays recordings through the "
            + "same aggregator as the live view, and answers SQL over them.",
        "Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 a journal is damaged: the damaged parts "
            + "were skipped with a note each on stderr, and the output holds everything else.");
    s.addOption(PlainSpec.option(OptionSpec.builder("--verbose").paramLabel("<verbose>").type(boolean.class).scopeType(CommandLine.ScopeType.INHERIT)
        .description("Show stack traces of errors and libbpf's log."), PlainSpec.bind(() -> root.verbose, v -> root.verbose = v)));
    PlainSpec.addStandardHelp(s);
    return s;
  }

  /** Gives every command of the tree the version, and the settings every tcptop command line has. */
  static CommandLine finish(CommandLine cl) {
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    giveEveryCommandTheVersion(cl);
    return cl;
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
