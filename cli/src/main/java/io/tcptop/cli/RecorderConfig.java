package io.tcptop.cli;

import io.tcptop.error.TcptopException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code tcptop record --config FILE}: the recorder's options from a file, as the service keeps
 * them in /etc/tcptop/recorder.conf. One {@code key = value} a line; {@code #} starts a comment.
 * A key is one of record's options (without the dashes; the journal directory is {@code journal},
 * {@code protocol} is {@code tcp} or {@code udp}); each value is checked as that option checks it,
 * and a bad one fails in one line naming the file, the line and the key, with exit code 2 (the
 * service does not restart on it). A service keeps a window, so {@code max-age} or
 * {@code max-size} must be there: restarted, it continues its own journal.
 */
final class RecorderConfig {
  /** Listed in record's --help; keep in step with {@link #KEYS}. */
  static final String KEYS_HELP = "journal, group, max-age, max-size, interval, ring-size, metrics, pid, process, "
      + "port, protocol (tcp or udp), address, cgroup, container, netns";

  /** Each key and the option it stands for (protocol is --tcp or --udp). */
  private static final Map<String, String> KEYS = keys();

  private static Map<String, String> keys() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("journal", "--output");
    for (String k : List.of("group", "max-age", "max-size", "interval", "ring-size", "metrics", "pid", "process", "port", "address")) {
      m.put(k, "--" + k);
    }
    m.put("protocol", null);
    for (String k : List.of("cgroup", "container", "netns")) {
      m.put(k, "--" + k);
    }
    return m;
  }

  /** One setting and where it was written. */
  record Entry(Path file, int line, String key, String value) {
    String where() {
      return file + ":" + line + ": " + key + " = " + value;
    }

    /** The setting as record's arguments. */
    List<String> args() {
      if (key.equals("protocol")) {
        return List.of("--" + value.toLowerCase(java.util.Locale.ROOT));
      }
      return List.of(KEYS.get(key), value);
    }
  }

  private RecorderConfig() {}

  /** Records with the file's options, then the command line's; returns the exit code. */
  static int run(Path file, CommandSpec spec) {
    List<Entry> entries = read(file);
    List<String> args = new ArrayList<>(List.of("record"));
    for (Entry e : entries) {
      check(e);
      args.addAll(e.args());
    }
    args.addAll(commandLineOptions(spec));
    CommandLine root = spec.root().commandLine();
    return Tcptop.execute(args.toArray(String[]::new), root.getOut(), root.getErr(), true);
  }

  /** Reads and checks the file's syntax: known keys, each once, journal and a window present. */
  static List<Entry> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file: write the recorder's settings there (see 'man tcptop-record')");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read it: " + e.getMessage());
    }
    Map<String, Entry> seen = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (text.isEmpty()) {
        continue;
      }
      int eq = text.indexOf('=');
      String where = file + ":" + (i + 1) + ": ";
      if (eq < 0) {
        throw new ConfigException(where + "'" + text + "' is not 'key = value'");
      }
      String key = text.substring(0, eq).strip();
      String value = text.substring(eq + 1).strip();
      if (!KEYS.containsKey(key)) {
        throw new ConfigException(where + "unknown key '" + key + "': the keys are " + KEYS_HELP);
      }
      if (value.isEmpty()) {
        throw new ConfigException(where + key + ": no value; give one, or remove the line");
      }
      if (seen.containsKey(key)) {
        throw new ConfigException(where + key + ": set twice (also on line " + seen.get(key).line() + ")");
      }
      seen.put(key, new Entry(file, i + 1, key, value));
    }
    if (!seen.containsKey("journal")) {
      throw new ConfigException(file + ": no 'journal = DIR': say where the recorder keeps its journal");
    }
    if (!seen.containsKey("max-age") && !seen.containsKey("max-size")) {
      throw new ConfigException(file + ": no 'max-age' or 'max-size': a recorder that runs all the time keeps a "
          + "window, e.g. max-age = 30m");
    }
    return List.copyOf(seen.values());
  }

  /** Checks one setting as record checks its option, alone: a bad value fails naming its line and key. */
  static void check(Entry e) {
    if (e.key().equals("protocol") && !e.value().equalsIgnoreCase("tcp") && !e.value().equalsIgnoreCase("udp")) {
      throw new ConfigException(e.where() + ": give tcp or udp");
    }
    List<String> probe = new ArrayList<>(List.of("record"));
    if (!e.key().equals("journal")) {
      probe.addAll(List.of("-o", "unused"));
    }
    probe.addAll(e.args());
    CommandLine cl = Tcptop.commandLine(probe.toArray(String[]::new));
    try {
      CommandLine.ParseResult parsed = cl.parseArgs(probe.toArray(String[]::new));
      RecordCommand record = (RecordCommand) parsed.subcommand().commandSpec().userObject();
      record.checkOptions();
    } catch (ParameterException ex) {
      throw new ConfigException(e.where() + ": " + reason(ex.getMessage(), e));
    } catch (TcptopException ex) {
      throw new ConfigException(e.where() + ": " + reason(ex.getMessage(), e));
    }
  }

  /** The message without the option and value it starts with: the line says those already. */
  private static String reason(String message, Entry e) {
    String m = message.strip().lines().findFirst().orElse("");
    String option = KEYS.get(e.key());
    if (option != null) {
      for (String prefix : new String[] {"Invalid value for option '" + option + "': ", option + " " + e.value() + ": ",
          option + " " + e.value() + " "}) {
        if (m.startsWith(prefix)) {
          m = m.substring(prefix.length());
          break;
        }
      }
    }
    String quoted = "'" + e.value() + "' ";
    return m.startsWith(quoted) ? m.substring(quoted.length()) : m;
  }

  /** The options given on the command line besides --config, as arguments again. */
  private static List<String> commandLineOptions(CommandSpec spec) {
    List<String> args = new ArrayList<>();
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      if (o.longestName().equals("--config")) {
        continue;
      }
      if (o.arity().max() == 0) {
        args.add(o.longestName());
      } else {
        for (String v : o.originalStringValues()) {
          args.add(o.longestName());
          args.add(v);
        }
      }
    }
    if (Tcptop.verbose(spec) && !args.contains("--verbose")) {
      args.add("--verbose");
    }
    return args;
  }

  /** A bad configuration file: one line, exit code 2, like a bad command line. */
  static final class ConfigException extends TcptopException {
    ConfigException(String message) {
      super(message, null, 2);
    }
  }
}
