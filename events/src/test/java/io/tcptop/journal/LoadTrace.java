package io.tcptop.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands for any class on the class path that does something when it is initialised: its static
 * initializer leaves a file behind (at the path in {@code tcptop.test.loadTrace}). A journal whose
 * header names it must not get it loaded.
 */
public final class LoadTrace {
  static {
    try {
      Files.writeString(Path.of(System.getProperty("tcptop.test.loadTrace", "tcptop-load-trace")), "initialised");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private LoadTrace() {}
}
