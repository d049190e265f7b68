package io.tcptop.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs a tcptop command line in-process, exactly as the tcptop command does, and keeps its output. */
public final class Cli {
  private Cli() {}

  public record Result(int exit, String out, String err) {
    public List<String> outLines() {
      return out.lines().toList();
    }

    public List<String> errLines() {
      return err.lines().toList();
    }
  }

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Tcptop.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(exit, out.toString(), err.toString());
  }

  /** 'tcptop analyze ARGS'. */
  public static Result analyze(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "analyze";
    System.arraycopy(args, 0, all, 1, args.length);
    return run(all);
  }
}
