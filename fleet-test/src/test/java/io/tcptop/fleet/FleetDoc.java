package io.tcptop.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL of docs/FLEET.md that the tests run as it stands: each fenced {@code sql} block right
 * after a {@code <!-- fleet-test: NAME -->} line, by NAME.
 */
final class FleetDoc {
  private static final Pattern BLOCK = Pattern.compile(
      "<!-- fleet-test: ([a-z0-9 -]+?) -->\\s*\\n```sql\\n(.*?)\\n```", Pattern.DOTALL);

  private final Map<String, String> blocks = new LinkedHashMap<>();

  private FleetDoc(String markdown) {
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      if (blocks.put(m.group(1).trim(), m.group(2)) != null) {
        throw new IllegalStateException("docs/FLEET.md has two blocks named " + m.group(1));
      }
    }
  }

  static FleetDoc read() {
    Path doc = repoRoot().resolve("docs/FLEET.md");
    try {
      return new FleetDoc(Files.readString(doc, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("tcptop.repoRoot", "..")).toAbsolutePath().normalize();
  }

  /** The block's text; fails if the document has no such block. */
  String block(String name) {
    String sql = blocks.get(name);
    if (sql == null) {
      throw new AssertionError("docs/FLEET.md has no block marked <!-- fleet-test: " + name + " --> (has " + blocks.keySet() + ")");
    }
    return sql;
  }

  /** The names of the blocks marked {@code query NAME}: SQL both engines run on tcptop's views. */
  List<String> queries() {
    List<String> names = new ArrayList<>();
    for (String n : blocks.keySet()) {
      if (n.startsWith("query ")) {
        names.add(n.substring("query ".length()));
      }
    }
    return names;
  }

  String query(String name) {
    return single(block("query " + name));
  }

  /** A block's statements, split at each ';' that ends a line. */
  List<String> statements(String name) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : block(name).split("\n", -1)) {
      current.append(line).append('\n');
      String code = stripComment(line).stripTrailing();
      if (code.endsWith(";")) {
        String s = current.toString().strip();
        out.add(s.substring(0, s.lastIndexOf(';')));
        current.setLength(0);
      }
    }
    if (!stripComments(current.toString()).isBlank()) {
      throw new AssertionError("docs/FLEET.md block " + name + " ends without ';': " + current);
    }
    return out;
  }

  private static String single(String sql) {
    String s = sql.strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
  }

  private static String stripComment(String line) {
    int i = line.indexOf("--");
    return i < 0 ? line : line.substring(0, i);
  }

  private static String stripComments(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n")) {
      sb.append(stripComment(line)).append('\n');
    }
    return sb.toString();
  }
}
