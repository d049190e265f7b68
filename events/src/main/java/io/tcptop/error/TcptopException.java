package io.tcptop.error;

/**
 * A failure the user can act on. The message is one line naming the problem and what to do;
 * the CLI prints it and exits with {@link #exitCode()}. Nothing below the CLI prints or exits.
 */
public class TcptopException extends RuntimeException {
  private final int exitCode;

  public TcptopException(String message) {
    this(message, null, 1);
  }

  public TcptopException(String message, Throwable cause) {
    this(message, cause, 1);
  }

  protected TcptopException(String message, Throwable cause, int exitCode) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
