package io.tcptop.analyze.parquet;

import io.tcptop.error.UsageException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How an export lays out its files: flat ({@code none}) or Hive-style directories
 * ({@code host=web-01/date=2026-11-26/}) that DuckDB, Spark and Trino turn back into columns.
 * A partition column is not stored in the files. {@code date} is the UTC day of each row's
 * timestamp.
 */
public record Partitioning(List<Key> keys) {
  public static final Partitioning NONE = new Partitioning(List.of());

  public enum Key { HOST, DATE }

  private static final long DAY_NS = 86_400_000_000_000L;

  /** Parses {@code host,date}, {@code host}, {@code date} or {@code none}. */
  public static Partitioning parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("none") || t.isEmpty()) {
      return NONE;
    }
    Set<Key> keys = new LinkedHashSet<>();
    for (String part : t.split(",")) {
      Key k = switch (part.trim()) {
        case "host" -> Key.HOST;
        case "date" -> Key.DATE;
        default -> throw new UsageException("--partition-by " + text + ": use host,date, host, date or none");
      };
      if (!keys.add(k)) {
        throw new UsageException("--partition-by " + text + ": " + part.trim() + " is given twice");
      }
    }
    return new Partitioning(List.copyOf(keys));
  }

  public boolean byHost() {
    return keys.contains(Key.HOST);
  }

  public boolean byDate() {
    return keys.contains(Key.DATE);
  }

  /** Column names kept out of the files because the directory names carry them. */
  public Set<String> columnsInPaths() {
    return byHost() ? Set.of("host") : Set.of();
  }

  /** The directory of a row's partition below the table directory, e.g. host=web-01/date=2026-11-26. */
  public String directory(String host, long day) {
    List<String> parts = new ArrayList<>(2);
    for (Key k : keys) {
      parts.add(switch (k) {
        case HOST -> "host=" + escape(host);
        case DATE -> "date=" + LocalDate.ofEpochDay(day);
      });
    }
    return String.join("/", parts);
  }

  /** The UTC day of an epoch timestamp in nanoseconds. */
  public static long day(long epochNs) {
    return Math.floorDiv(epochNs, DAY_NS);
  }

  public static long dayStartNs(long day) {
    return day * DAY_NS;
  }

  public static long dayEndNs(long day) {
    return (day + 1) * DAY_NS;
  }

  @Override
  public String toString() {
    return keys.isEmpty() ? "none" : String.join(",", keys.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
  }

  /**
   * Keeps a value safe as one path segment: letters, digits, '.', '_' and '-' stay, anything
   * else becomes %XX (UTF-8), the escaping Hive and Spark use.
   */
  public static String escape(String value) {
    if (value.isEmpty()) {
      return "__HIVE_DEFAULT_PARTITION__";
    }
    if (value.equals(".") || value.equals("..")) {
      return value.replace(".", "%2E");
    }
    StringBuilder sb = new StringBuilder(value.length());
    for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return sb.toString();
  }
}
