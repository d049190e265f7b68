package io.tcptop.cli;

import io.tcptop.error.UsageException;
import io.tcptop.event.EventSource;
import io.tcptop.journal.JournalSource;
import io.tcptop.replay.Replay;
import io.tcptop.util.TimeArg;
import io.tcptop.view.OutputFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Feeds a recorded journal through the same aggregator as the live view and prints the "
            + "same per-connection lines, tick by tick.",
        "Output goes to stdout; a summary (events, connections, losses, whether the journal "
            + "ended cleanly) goes to stderr.",
        "A damaged part of the journal is skipped with a note on stderr (file, byte offset, records "
            + "lost), replay goes on with the next intact batch, and the exit code is 3."})
public final class ReplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOURNAL", description = "The journal directory written by 'tcptop record -o'.")
  Path journal;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Tick every DURATION of event time (e.g. 1s, 500ms) instead of at the recorded ticks.")
  Long intervalNs;

  @Option(names = "--speed", paramLabel = "max|realtime|N", defaultValue = "max",
      description = "max prints as fast as possible; realtime paces ticks like the original session; N is N times faster. Default: ${DEFAULT-VALUE}.")
  String speed;

  @Option(names = "--from", paramLabel = "TIME", description = "Show ticks from TIME on: 2026-11-26T14:02:03Z, "
      + "14:02:03 (a time of day in --tz on the recording's first day) or +30s from the start.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Show ticks up to TIME (same forms as --from), "
      + "and stop reading the journal there.")
  String to;

  @Mixin FilterOptions filters;

  @Mixin ZoneOption tz;

  /**
   * This command as the annotations above declare it, built by hand: reading them costs a
   * replay's start-up a tenth (picocli reads every annotation through a proxy class the JVM
   * generates on the spot). {@code HotCommandsTest} holds the two to be the same.
   */
  static CommandSpec plainSpec(ReplayCommand r) {
    CommandSpec s = PlainSpec.command(r);
    r.spec = s;
    s.name("replay");
    s.usageMessage().sortOptions(false);
    s.usageMessage().description(
        "Feeds a recorded journal through the same aggregator as the live view and prints the "
            + "same per-connection lines, tick by tick.",
        "Output goes to stdout; a summary (events, connections, losses, whether the journal "
            + "ended cleanly) goes to stderr.",
        "A damaged part of the journal is skipped with a note on stderr (file, byte offset, records "
            + "lost), replay goes on with the next intact batch, and the exit code is 3.");
    s.addPositional(PlainSpec.positional(PositionalParamSpec.builder().index("0").paramLabel("JOURNAL").type(Path.class).required(true)
        .description("The journal directory written by 'tcptop record -o'."),
        PlainSpec.bind(() -> r.journal, v -> r.journal = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--format").paramLabel("FORMAT").defaultValue("text")
        .type(OutputFormat.class).description("Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."),
        PlainSpec.bind(() -> r.format, v -> r.format = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--interval").paramLabel("DURATION").type(Long.class)
        .converters(new DurationConverter())
        .description("Tick every DURATION of event time (e.g. 1s, 500ms) instead of at the recorded ticks."),
        PlainSpec.bind(() -> r.intervalNs, v -> r.intervalNs = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--speed").paramLabel("max|realtime|N").defaultValue("max")
        .type(String.class).description("max prints as fast as possible; realtime paces ticks like the original "
            + "session; N is N times faster. Default: ${DEFAULT-VALUE}."),
        PlainSpec.bind(() -> r.speed, v -> r.speed = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--from").paramLabel("TIME").type(String.class)
        .description("Show ticks from TIME on: 2026-11-26T14:02:03Z, "
            + "14:02:03 (a time of day in --tz on the recording's first day) or +30s from the start."),
        PlainSpec.bind(() -> r.from, v -> r.from = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--to").paramLabel("TIME").type(String.class)
        .description("Show ticks up to TIME (same forms as --from), and stop reading the journal there."),
        PlainSpec.bind(() -> r.to, v -> r.to = v)));
    r.filters = new FilterOptions();
    s.addMixin("filters", FilterOptions.plainSpec(r.filters));
    r.tz = new ZoneOption();
    s.addMixin("tz", ZoneOption.plainSpec(r.tz));
    PlainSpec.addStandardHelp(s);
    return s;
  }

  @Override
  public Integer call() {
    double pace = parseSpeed(speed);
    var filterSpec = filters.spec();
    PrintWriter out = spec.commandLine().getOut();
    try (JournalSource source = JournalSource.open(journal)) {
      long start = source.header().startEpochNs();
      long fromNs = from == null ? Long.MIN_VALUE : new TimeArg(from).toEpochNs(start, tz.zone());
      long toNs = to == null ? Long.MAX_VALUE : new TimeArg(to).toEpochNs(start, tz.zone());
      if (fromNs > toNs) {
        throw new UsageException("--from is after --to");
      }
      var options = new Replay.Options(filterSpec, intervalNs == null ? 0 : intervalNs, pace).window(fromNs, toNs);
      Replay.Result r = Replay.run(source, format.view(out, tz.zone()), options);
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      int exit = DamageNotes.print(err, journal, r.outcome());
      err.println(summary(journal, r));
      err.flush();
      return exit;
    }
  }

  static String summary(Path journal, Replay.Result r) {
    String end = switch (r.outcome().ending()) {
      case CLEAN -> "journal ended cleanly";
      case HALF_WRITTEN_TAIL -> "journal has no END record and ends in a half-written batch (the recorder died, "
          + "or its disk filled, while writing it); replayed everything before it";
      case NO_END -> "journal has no END record: the recorder was stopped abruptly (e.g. SIGKILL); replayed up to its last complete batch";
      case DAMAGED_TAIL -> "journal ends in damage, so whether the recorder stopped cleanly is unknown";
      case STOPPED -> "stopped reading at the end of the window";
    };
    String damage = r.outcome().damaged()
        ? String.format(Locale.ROOT, "; skipped %d damaged part%s (%d records known lost)", r.outcome().damage().size(),
            r.outcome().damage().size() == 1 ? "" : "s", r.outcome().recordsLostToDamage())
        : "";
    return String.format(Locale.ROOT, "replayed %s: %d records, %d traffic events, %d connections, %d events lost; %s%s",
        journal, r.outcome().records(), r.trafficEvents(), r.connections(), r.lost(), end, damage);
  }

  private static double parseSpeed(String s) {
    String v = s.toLowerCase(Locale.ROOT);
    if (v.equals("max")) {
      return 0;
    }
    if (v.equals("realtime")) {
      return 1;
    }
    try {
      double d = Double.parseDouble(v.endsWith("x") ? v.substring(0, v.length() - 1) : v);
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException ignored) {
      // fall through to the usage error
    }
    throw new UsageException("--speed " + s + ": use max, realtime or a positive number such as 10");
  }
}
