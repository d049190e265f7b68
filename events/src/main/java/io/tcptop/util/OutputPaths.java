package io.tcptop.util;

import io.tcptop.error.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of the output path a command was given (-o), before anything is created. */
public final class OutputPaths {
  private OutputPaths() {}

  /**
   * Refuses a symbolic link: whoever can replace the link decides where a recording or an
   * export lands (as root, anywhere), so tcptop writes only to the path itself.
   */
  public static void refuseSymlink(Path output) {
    if (Files.isSymbolicLink(output)) {
      throw new UsageException(output + " is a symbolic link: give the directory itself with -o "
          + "(tcptop does not write through links)");
    }
  }
}
