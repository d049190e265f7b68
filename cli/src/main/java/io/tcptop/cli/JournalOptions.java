package io.tcptop.cli;

import io.tcptop.error.UsageException;
import io.tcptop.journal.JournalWriter;
import io.tcptop.journal.Retention;
import io.tcptop.util.Durations;
import io.tcptop.util.Sizes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** How a command that records ({@code record}, live {@code top -o}) writes its journal. */
public final class JournalOptions {

  private static final String FORCE = "Overwrite an existing journal at the output path.";
  private static final String GROUP = "Let the members of GROUP read the journal: directory mode 2750 (set-group-ID, so every file"
      + " gets the group), files 0640. Default: the journal is readable by its owner only (0700, 0600).";
  private static final String MAX_AGE = "Keep recording indefinitely, but keep only the last DURATION (at least 1m) in the "
      + "journal: a rolling journal of one-minute files, the oldest deleted as the window moves. "
      + "Whole minutes are kept, at least three, so the oldest event kept is at most DURATION plus "
      + "one minute old. Restarted on its own journal, it continues it as a new session.";
  private static final String MAX_SIZE = "Keep recording indefinitely, but keep the journal's files under SIZE (e.g. 2G; at least "
      + "64M) of disk, counted in allocated blocks: the oldest one-minute files are deleted, at least "
      + "three are kept, so the journal may exceed SIZE by one minute of recording, and holds three "
      + "minutes even when they take more than SIZE (at 300k events/s a minute is ~300 MB).";

  @Option(names = "--force", description = FORCE)
  boolean force;

  @Option(names = "--group", paramLabel = "GROUP", description = GROUP)
  String group;

  @Option(names = "--max-age", paramLabel = "DURATION", converter = DurationConverter.class, description = MAX_AGE)
  Long maxAgeNs;

  @Option(names = "--max-size", paramLabel = "SIZE", description = MAX_SIZE)
  String maxSize;

  /** These options as the annotations above declare them, built by hand ({@link PlainSpec}). */
  static CommandSpec plainSpec(JournalOptions o) {
    CommandSpec s = PlainSpec.mixin();
    s.addOption(PlainSpec.option(OptionSpec.builder("--force").paramLabel("<force>").type(boolean.class).description(FORCE),
        PlainSpec.bind(() -> o.force, v -> o.force = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--group").paramLabel("GROUP").type(String.class).description(GROUP),
        PlainSpec.bind(() -> o.group, v -> o.group = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--max-age").paramLabel("DURATION").type(Long.class)
        .converters(new DurationConverter()).description(MAX_AGE), PlainSpec.bind(() -> o.maxAgeNs, v -> o.maxAgeNs = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--max-size").paramLabel("SIZE").type(String.class).description(MAX_SIZE),
        PlainSpec.bind(() -> o.maxSize, v -> o.maxSize = v)));
    return s;
  }

  /** Whether any of these options was given (they mean nothing without a journal to write). */
  boolean given() {
    return force || group != null || maxAgeNs != null || maxSize != null;
  }

  /** The journal writer's options these ask for; usage errors for a window too small. */
  JournalWriter.Options writerOptions() {
    var options = JournalWriter.Options.defaults().withForce(force).withGroup(group);
    Retention window = window();
    return window == null ? options : options.rolling(window);
  }

  /** The rolling window the options ask for, or null for a journal that keeps everything. */
  private Retention window() {
    if (maxAgeNs == null && maxSize == null) {
      return null;
    }
    long cycleNs = JournalWriter.rollingCycleMillis() * 1_000_000L;
    if (maxAgeNs != null && maxAgeNs < cycleNs) {
      throw new UsageException("--max-age " + Durations.format(maxAgeNs) + " is shorter than one of the journal's "
          + "files (" + Durations.format(cycleNs) + "): give at least " + Durations.format(cycleNs));
    }
    long bytes = maxSize == null ? 0 : Sizes.parse(maxSize, "--max-size");
    if (maxSize != null && bytes < (64L << 20)) {
      throw new UsageException("--max-size " + maxSize + " is smaller than the three one-minute files a "
          + "rolling journal keeps at the least: give at least 64M");
    }
    return new Retention(maxAgeNs == null ? 0 : maxAgeNs / 1_000_000, bytes, 3);
  }
}
