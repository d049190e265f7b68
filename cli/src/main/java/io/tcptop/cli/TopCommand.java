package io.tcptop.cli;

import io.tcptop.error.TcptopException;
import io.tcptop.error.UsageException;
import io.tcptop.event.SessionStart;
import io.tcptop.journal.JournalSource;
import io.tcptop.journal.JournalWriter;
import io.tcptop.stream.FlowFilter;
import io.tcptop.top.FrameMaker;
import io.tcptop.top.JournalPlayer;
import io.tcptop.top.LiveFeed;
import io.tcptop.top.Playback;
import io.tcptop.top.Status;
import io.tcptop.top.TerminalSession;
import io.tcptop.top.TopLoop;
import io.tcptop.top.TopScreen;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tcptop top}: the full-screen view. Over a journal: journal source → player → screen.
 * Live: the {@link Recording} of {@code record} (with its journal when -o is given), whose
 * aggregator hands each tick's frame to the screen.
 */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {TopCommand.WHAT, TopCommand.HOW, TopCommand.TERMINAL})
public final class TopCommand implements Callable<Integer> {
  static final String WHAT = "A full-screen, interactive view of every connection: sortable, filterable, grouped by "
      + "process or by container (the owner's cgroup), with a detail panel per connection. Its "
      + "numbers at a tick are the ones 'tcptop replay' prints for that tick.";
  static final String HOW = "With JOURNAL it plays a recording (space plays and pauses, arrows step a tick, [ ] change "
      + "speed, g goes to a time; no privilege needed). Without, it watches this machine live "
      + "(root, or CAP_BPF + CAP_PERFMON + CAP_NET_ADMIN) and with -o also records, so nothing "
      + "seen is lost. Press ? for the keys, q to quit.";
  static final String TERMINAL = "Needs a terminal: to print a journal's lines, use 'tcptop replay'.";
  private static final String JOURNAL = "A journal written by 'tcptop record -o' (or 'tcptop top -o') to play. Without it, top is live.";
  private static final String OUTPUT = "Live: also record everything to this journal, as 'tcptop record -o' does "
      + "(readable by its owner only unless --group).";
  private static final String INTERVAL = "Live: tick interval (the screen updates, and -o records a TICK, at each). "
      + "Default: ${DEFAULT-VALUE}.";
  private static final String RING_SIZE = "Live: kernel ring buffer size, a power of two (e.g. 16M, 256M). Default: ${DEFAULT-VALUE}.";

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "JOURNAL", description = JOURNAL)
  Path journal;

  @Option(names = {"-o", "--output"}, paramLabel = "JOURNAL", description = OUTPUT)
  Path output;

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1s",
      description = INTERVAL)
  long intervalNs;

  @Option(names = "--ring-size", paramLabel = "SIZE", defaultValue = "64M", description = RING_SIZE)
  String ringSize;

  @Mixin FilterOptions filters;

  /** With -o: the journal options of 'record' (--force, --group, --max-age, --max-size). */
  @Mixin JournalOptions journalOptions;

  /**
   * This command as the annotations above declare it, built by hand: picocli's reading of them
   * (a proxy class per annotation, generated on the spot) is on the way to top's first frame.
   * {@code HotCommandsTest} holds the two to be the same.
   */
  static CommandSpec plainSpec(TopCommand t) {
    CommandSpec s = PlainSpec.command(t);
    t.spec = s;
    s.name("top");
    s.usageMessage().sortOptions(false);
    s.usageMessage().description(WHAT, HOW, TERMINAL);
    s.addPositional(PlainSpec.positional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("JOURNAL")
        .type(Path.class).description(JOURNAL), PlainSpec.bind(() -> t.journal, v -> t.journal = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("-o", "--output").paramLabel("JOURNAL").type(Path.class).description(OUTPUT),
        PlainSpec.bind(() -> t.output, v -> t.output = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--interval").paramLabel("DURATION").type(long.class)
        .converters(new DurationConverter()).defaultValue("1s").description(INTERVAL),
        PlainSpec.bind(() -> t.intervalNs, v -> t.intervalNs = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--ring-size").paramLabel("SIZE").type(String.class).defaultValue("64M")
        .description(RING_SIZE), PlainSpec.bind(() -> t.ringSize, v -> t.ringSize = v)));
    t.filters = new FilterOptions();
    s.addMixin("filters", FilterOptions.plainSpec(t.filters));
    t.journalOptions = new JournalOptions();
    s.addMixin("journalOptions", JournalOptions.plainSpec(t.journalOptions));
    PlainSpec.addStandardHelp(s);
    return s;
  }

  @Override
  public Integer call() {
    if (journal != null && output != null) {
      throw new UsageException("-o records a live session, and " + journal
          + " is a recording to play: give one or the other");
    }
    if (output == null && journalOptions.given()) {
      throw new UsageException("--force, --group, --max-age and --max-size say how to write a journal: "
          + "give them with -o JOURNAL (live top records to it)");
    }
    // Every option is checked before the terminal is: a mistake is a usage error wherever top runs.
    JournalWriter.Options writing = output == null ? null : journalOptions.writerOptions();
    long ringBytes = Recording.parseSize(ringSize);
    if (!interactive()) {
      throw new UsageException("not a terminal: top reads keys from stdin and draws a full screen on stdout; "
          + "use 'tcptop replay " + (journal == null ? "JOURNAL" : journal) + "' to print lines instead");
    }
    return journal != null ? play(filters.spec()) : live(filters.spec(), writing, ringBytes);
  }

  /** Both stdin (keys) and stdout (the screen) must be a terminal. */
  private static boolean interactive() {
    return EarlyTerminal.interactive();
  }

  private int play(FlowFilter.Spec filter) {
    Path j = journal;
    // JLine loads while the journal is opened and checked (if it was not started with the process);
    // the terminal is taken over only after.
    TerminalSession.Prepared terminal = EarlyTerminal.take();
    JournalSource checked;
    Status base;
    long endHint;
    try {
      checked = JournalSource.open(j);
      SessionStart h = checked.header();
      long end = h.toEpochNs(checked.lastTimestampNs());
      base = new Status("recording " + j, "", h.startEpochNs(), end);
      endHint = end - 2 * h.tickIntervalNs();
    } catch (RuntimeException e) {
      terminal.discard();
      throw e;
    }
    // The journal opened to check it is the player's first reading: it is not opened twice.
    AtomicReference<JournalSource> opened = new AtomicReference<>(checked);
    Supplier<JournalSource> opener = () -> {
      JournalSource first = opened.getAndSet(null);
      return first != null ? first : JournalSource.open(j);
    };
    TopScreen screen = new TopScreen(true, base);
    Playback playback = new Playback(replies -> new JournalPlayer(opener, filter, replies, endHint), base);
    StopSignals stop = StopSignals.install();
    // The player reads the first tick while the terminal is set up.
    playback.start(screen, System.nanoTime());
    try (TerminalSession session = terminal.open()) {
      new TopLoop(session, screen, playback, stop::requested).run();
    } finally {
      playback.stop();
      JournalSource unread = opened.getAndSet(null);
      if (unread != null) {
        unread.close();
      }
    }
    // As replay does: the damaged parts read past, one line each, once the screen is gone; exit 3.
    return playback.damage() == null ? 0 : DamageNotes.print(spec.commandLine().getErr(), j, playback.damage());
  }

  private int live(FlowFilter.Spec filter, JournalWriter.Options writing, long ringBytes) {
    StopSignals stop = StopSignals.install();
    AtomicBoolean quit = new AtomicBoolean();
    PrintWriter err = spec.commandLine().getErr();
    // Nothing may write to the terminal while the screen is up: libbpf's log and the recording's
    // notes wait until after.
    StringWriter held = new StringWriter();
    PrintWriter log = new PrintWriter(held);
    var options = new Recording.Options(output, writing, intervalNs, 0, filter, ringBytes,
        Tcptop.verbose(spec) ? line -> log.println("libbpf: " + line) : line -> { },
        note -> log.println("tcptop: note: " + note));
    try (Recording recording = Recording.open(options, () -> stop.requested() || quit.get())) {
      Status status = Status.live(output == null ? "live (not recorded: -o JOURNAL keeps it)" : "live, recording to " + output, "● live");
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread[] source = new Thread[1];
      LiveFeed feed = new LiveFeed(status, () -> !source[0].isAlive());
      source[0] = new Thread(() -> {
        try {
          recording.run(new FrameMaker(feed));
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "tcptop-recording");
      try (TerminalSession terminal = EarlyTerminal.take().open()) {
        source[0].start();
        new TopLoop(terminal, new TopScreen(false, status), feed, stop::requested).run();
      } finally {
        quit.set(true);
        join(source[0]);
        log.flush();
        err.print(held);
      }
      if (failure.get() instanceof RuntimeException e) {
        throw e;
      } else if (failure.get() != null) {
        throw new TcptopException("the recording failed: " + failure.get(), failure.get());
      }
      err.println(recording.summary());
      err.flush();
      recording.checkStoppedEarly();
      return 0;
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
