package io.tcptop.cli;

import io.tcptop.error.UsageException;
import io.tcptop.journal.JournalWriter;
import io.tcptop.slice.ScrubKey;
import io.tcptop.slice.Scrubber;
import io.tcptop.slice.Slicer;
import io.tcptop.stream.FlowFilter;
import io.tcptop.util.OutputPaths;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What slice and dump share: the output, the filters, scrubbing, and the summary they print. */
final class SliceOptions {

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
      description = "The journal to write (a new directory, readable by its owner only).")
  Path output;

  @Mixin FilterOptions filters;

  @Option(names = "--scrub", description = "Replace addresses (keyed, prefix-preserving: the same address always "
      + "maps alike and shared prefixes stay shared), process names and the host name (stable pseudonyms). "
      + "Ports, byte counts, times and the connections' structure stay exact.")
  boolean scrub;

  @Option(names = "--key", paramLabel = "FILE",
      description = "With --scrub: the key file to use, so that several slices scrub alike. Without it a new "
          + "random key is written to OUT.key (owner-only). The key is never printed; keep it on the host.")
  Path key;

  @Option(names = "--keep-comm", description = "With --scrub: keep process names as they are.")
  boolean keepComm;

  @Option(names = "--force", description = "Overwrite OUT if it holds a journal.")
  boolean force;

  /** Checks the options against the source before anything is written. */
  void check(Path source) {
    if (!scrub && (key != null || keepComm)) {
      throw new UsageException((key != null ? "--key" : "--keep-comm") + " goes with --scrub");
    }
    OutputPaths.refuseSymlink(output);
    if (Files.exists(output) && Files.exists(source)) {
      try {
        if (Files.isSameFile(output, source)) {
          throw new UsageException("-o " + output + " is the journal being read: choose another directory");
        }
      } catch (java.io.IOException ignored) {
        // cannot compare: the writer refuses an existing journal anyway
      }
    }
    JournalWriter.checkCanCreate(output, JournalWriter.Options.defaults().withForce(force));
  }

  /** The scrubber to use, with its key read or made; null without --scrub. */
  Scrubber scrubber(PrintWriter err) {
    if (!scrub) {
      return null;
    }
    byte[] k;
    if (key != null) {
      k = ScrubKey.load(key);
    } else {
      Path file = output.resolveSibling(output.getFileName() + ".key");
      k = ScrubKey.create(file);
      err.println("tcptop: scrub key written to " + file + " (owner-only; keep it on this host, pass it with --key to scrub alike)");
    }
    return new Scrubber(k, keepComm);
  }

  Slicer.Window window(long fromEpochNs, long toEpochNs, Scrubber scrubber) {
    FlowFilter.Spec spec = filters.spec();
    return new Slicer.Window(fromEpochNs, toEpochNs, spec, scrubber);
  }
}
