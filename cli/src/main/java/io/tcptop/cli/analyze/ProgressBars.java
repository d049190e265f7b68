package io.tcptop.cli.analyze;

import io.tcptop.analyze.export.Progress;
import java.io.PrintStream;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * An export's progress on stderr, drawn only when the terminal is a terminal: records read per
 * journal and the speed. Journals do not say how many records they hold, so the bar counts up.
 */
final class ProgressBars implements Progress, AutoCloseable {
  private final PrintStream err;
  private ProgressBar bar;

  private ProgressBars(PrintStream err) {
    this.err = err;
  }

  /** A progress bar on stderr when there is a terminal to draw it on; otherwise nothing. */
  static Progress forTerminal() {
    var console = System.console();
    return console != null && console.isTerminal() ? new ProgressBars(System.err) : Progress.NONE;
  }

  static void close(Progress p) {
    if (p instanceof ProgressBars b) {
      b.close();
    }
  }

  @Override
  public void journal(Path journal, int index, int count) {
    close();
    String name = journal.getFileName() == null ? journal.toString() : journal.getFileName().toString();
    bar = new ProgressBarBuilder()
        .setTaskName(count > 1 ? "export " + (index + 1) + "/" + count + " " + name : "export " + name)
        .setInitialMax(-1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" M records", 1_000_000)
        .showSpeed(new java.text.DecimalFormat("0.0"))
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .build();
  }

  @Override
  public void records(long recordsInJournal) {
    if (bar != null) {
      bar.stepTo(recordsInJournal);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
