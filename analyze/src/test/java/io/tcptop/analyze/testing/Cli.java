package io.tcptop.analyze.testing;

import io.tcptop.analyze.AnalyzeCommand;
import io.tcptop.error.TcptopException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code tcptop analyze ...} in-process with the error handling of the tcptop command
 * (typed errors print "tcptop: MESSAGE" and exit with their code; parse errors exit with 2).
 */
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

  public static Result analyze(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AnalyzeCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof TcptopException t) {
        cmd.getErr().println("tcptop: " + t.getMessage());
        return t.exitCode();
      }
      throw ex;
    });
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("tcptop: " + ex.getMessage());
      return 2;
    });
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }
}
