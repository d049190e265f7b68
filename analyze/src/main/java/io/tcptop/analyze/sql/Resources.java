package io.tcptop.analyze.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The SQL files shipped in this package's resources ({@code io/tcptop/analyze/sql/NAME.sql}). */
public final class Resources {
  private Resources() {}

  public static String sql(String name) {
    try (InputStream in = Resources.class.getResourceAsStream("/io/tcptop/analyze/sql/" + name + ".sql")) {
      if (in == null) {
        throw new IllegalArgumentException("no SQL resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
