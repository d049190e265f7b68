package io.tcptop.cli;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of the JSONL view's lines to assert on them. */
record JsonLines(List<String> lines) {
  static JsonLines of(String text) {
    return new JsonLines(text.lines().toList());
  }

  static String field(String line, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[^,}]*)").matcher(line);
    if (!m.find()) {
      throw new AssertionError("no field " + name + " in " + line);
    }
    String v = m.group(1);
    return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  static long number(String line, String name) {
    return Long.parseLong(field(line, name));
  }

  List<String> flow(String proto, int localPort, int remotePort) {
    return lines.stream()
        .filter(l -> field(l, "proto").equals(proto) && number(l, "local_port") == localPort && number(l, "remote_port") == remotePort)
        .toList();
  }

  Optional<String> last(String proto, int localPort, int remotePort) {
    List<String> f = flow(proto, localPort, remotePort);
    return f.isEmpty() ? Optional.empty() : Optional.of(f.get(f.size() - 1));
  }
}
