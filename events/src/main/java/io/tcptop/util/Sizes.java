package io.tcptop.util;

import io.tcptop.error.UsageException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people type them: 4096, 64K, 16M, 2G, 1T (powers of 1024; a trailing B is allowed). */
public final class Sizes {
  private Sizes() {}

  private static final Pattern FORM = Pattern.compile("(\\d+)([KMGT]?)B?");

  /** The size in bytes; a usage error naming {@code option} when the text is not a size. */
  public static long parse(String text, String option) {
    Matcher m = FORM.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        int shift = 10 * "KMGT".indexOf(m.group(2).isEmpty() ? "_" : m.group(2)) + 10;
        long bytes = m.group(2).isEmpty() ? n : n << shift;
        if (bytes >>> (m.group(2).isEmpty() ? 0 : shift) == n) {
          return bytes;
        }
      } catch (NumberFormatException tooLong) {
        // said below
      }
    }
    throw new UsageException(option + " " + text + ": not a size; use a number with K, M, G or T, e.g. 64M or 2G");
  }
}
