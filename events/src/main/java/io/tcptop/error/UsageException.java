package io.tcptop.error;

/** The command line itself is wrong: exit code 2, like picocli's own parse errors. */
public final class UsageException extends TcptopException {
  public UsageException(String message) {
    super(message, null, 2);
  }
}
