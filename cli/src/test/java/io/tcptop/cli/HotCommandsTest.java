package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The hand-built {@code replay} and {@code analyze top} ({@link HotCommands}) against the same
 * commands built from their annotations: every attribute picocli's model has, the help they print,
 * and what they do with the same command lines. A change to an annotation that is not made to
 * the hand-built mirror too fails here.
 */
class HotCommandsTest {
  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");
  static final String J = FIXTURES.resolve("tcp-v4").toString();

  @Test
  void onlyTheHotCommandsAreBuiltByHand() {
    assertNotNull(HotCommands.commandLine(new String[] {"replay", J}));
    assertNotNull(HotCommands.commandLine(new String[] {"--verbose", "replay", "--help"}));
    assertNotNull(HotCommands.commandLine(new String[] {"analyze", "--verbose", "top", "x"}));
    assertNull(HotCommands.commandLine(new String[] {"--help", "replay"}), "help before the name: the whole tree");
    assertNull(HotCommands.commandLine(new String[] {"analyze", "timeline", "x"}));
    assertNull(HotCommands.commandLine(new String[] {"analyze", "-h", "top"}));
    assertNotNull(HotCommands.commandLine(new String[] {"top", J}));
    assertNull(HotCommands.commandLine(new String[] {"record"}));
    assertNull(HotCommands.commandLine(new String[] {}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hotCommands")
  void theHandBuiltCommandHasEveryAttributeOfTheAnnotatedOne(String path) {
    List<String> names = List.of(path.split(" "));
    CommandLine hot = HotCommands.commandLine(names.toArray(String[]::new));
    CommandLine annotated = Tcptop.annotated(names.toArray(String[]::new));
    assertSameCommand(annotated.getCommandSpec(), hot.getCommandSpec(), false);
    for (int i = 0; i < names.size(); i++) {
      hot = hot.getSubcommands().get(names.get(i));
      annotated = annotated.getSubcommands().get(names.get(i));
      assertSameCommand(annotated.getCommandSpec(), hot.getCommandSpec(), i == names.size() - 1);
    }
    assertEquals(annotated.getUsageMessage(CommandLine.Help.Ansi.OFF), hot.getUsageMessage(CommandLine.Help.Ansi.OFF));
  }

  static Stream<String> hotCommands() {
    return Stream.of("replay", "top", "analyze top");
  }

  /** Command lines whose output and exit code must not depend on how the command was built. */
  static Stream<List<String>> commandLines() {
    String x = FIXTURES.resolve("many-connections").toString();
    return Stream.of(
        List.of("replay", "--help"), List.of("replay", "-h"), List.of("replay", "--version"), List.of("--verbose", "replay", "-V"),
        List.of("replay", J), List.of("replay", J, "--format", "csv", "--tz", "+01:00"),
        List.of("replay", J, "--format=JSONL", "--interval=1s", "--from", "+1s", "--to", "+2s"),
        List.of("replay", x, "--udp", "--format", "csv"), List.of("replay", x, "--tcp", "--port", "443", "--format", "csv"),
        List.of("replay", x, "--pid", "1007", "--process", "curl", "--address", "10.0.0.0/8"),
        List.of("replay"), List.of("replay", J, "extra"), List.of("replay", J, "--no-such"), List.of("replay", J, "--format", "xml"),
        List.of("replay", J, "--interval", "0s"), List.of("replay", J, "--speed", "-3"), List.of("replay", J, "--tcp", "--udp"),
        List.of("replay", J, "--pid", "-5"), List.of("replay", J, "--port", "70000"), List.of("replay", J, "--address", "1.2.3.4/99"),
        List.of("replay", J, "--tz", "Mars/Base"), List.of("replay", J, "--from", "yesterday"), List.of("replay", "--format"),
        List.of("replay", "/no/such/journal"), List.of("replay", "--verbose", "/no/such/journal"),
        List.of("top", "--help"), List.of("top", "-h"), List.of("top", "-V"), List.of("--verbose", "top", "--version"),
        List.of("top", J), List.of("top"), List.of("top", J, "extra"), List.of("top", J, "--no-such"), List.of("top", J, "-o", "x"),
        List.of("top", "--force"), List.of("top", "--max-age", "1h"), List.of("top", J, "--interval", "nope"),
        List.of("top", "--ring-size"), List.of("top", J, "--tcp", "--udp"), List.of("top", J, "--port", "70000"),
        List.of("top", "-o", "x", "--max-age", "1s"), List.of("top", "-o", "x", "--max-size", "1M"),
        List.of("analyze", "top", "--help"), List.of("analyze", "top", "-V"), List.of("analyze", "top"),
        List.of("analyze", "top", "--print-sql"), List.of("analyze", "top", "--print-sql", "--by", "RTT", "-n", "3"),
        List.of("analyze", "top", J, "--print-sql"), List.of("analyze", "top", J, "-n", "0"), List.of("analyze", "top", J, "--by", "nope"),
        List.of("analyze", "top", J, "--format", "csv", "--by", "rate", "-n", "2"), List.of("analyze", "top", J, "--tz", "local"),
        List.of("analyze", "top", "/no/such/journal"), List.of("analyze", "--verbose", "top", J, "--no-such"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandLines")
  void theHandBuiltCommandPrintsAndExitsAsTheAnnotatedOne(List<String> args) {
    String[] a = args.toArray(String[]::new);
    assertNotNull(HotCommands.commandLine(a));
    assertEquals(run(Tcptop.annotated(a), a), run(HotCommands.commandLine(a), a));
  }

  private static String run(CommandLine cl, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Tcptop.execute(Tcptop.finish(cl), args, new PrintWriter(out), new PrintWriter(err), false);
    return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
  }

  private static void assertSameCommand(CommandSpec expected, CommandSpec actual, boolean leaf) {
    String where = expected.qualifiedName();
    assertEquals(attributes(expected), attributes(actual), where);
    assertEquals(attributes(expected.usageMessage()), attributes(actual.usageMessage()), where);
    assertEquals(attributes(expected.parser()), attributes(actual.parser()), where);
    assertEquals(expected.mixins().keySet(), actual.mixins().keySet(), where);
    assertSameArgs(describe(expected.args()), describe(actual.args()), where);
    assertEquals(expected.argGroups().stream().map(HotCommandsTest::describe).toList(),
        actual.argGroups().stream().map(HotCommandsTest::describe).toList(), where);
    assertEquals(Arrays.asList(expected.version()), Arrays.asList(actual.version()), where);
    if (leaf) {
      assertEquals(expected.subcommands().keySet(), actual.subcommands().keySet(), where);
    }
  }

  /** Argument by argument, naming the attributes that differ. */
  private static void assertSameArgs(List<Map<String, String>> expected, List<Map<String, String>> actual, String where) {
    assertEquals(expected.stream().map(a -> a.get("names") + a.get("paramLabel")).toList(),
        actual.stream().map(a -> a.get("names") + a.get("paramLabel")).toList(), where + ": the arguments, in order");
    for (int i = 0; i < expected.size(); i++) {
      Map<String, String> e = expected.get(i);
      Map<String, String> a = actual.get(i);
      List<String> differ = e.keySet().stream().filter(k -> !e.get(k).equals(a.get(k)))
          .map(k -> k + ": " + e.get(k) + " (annotated) vs " + a.get(k) + " (by hand)").toList();
      assertEquals(List.of(), differ, where + " " + e.get("names") + e.get("paramLabel"));
    }
  }

  private static List<Map<String, String>> describe(List<ArgSpec> args) {
    List<Map<String, String>> all = new ArrayList<>();
    for (ArgSpec arg : args) {
      Map<String, String> a = attributes(arg);
      a.put("group", arg.group() == null ? "none" : arg.group().synopsis());
      a.put("converters", Arrays.toString(Arrays.stream(arg.converters()).map(c -> c.getClass().getName()).toArray()));
      a.put("initialValue", String.valueOf(arg.initialValue()));
      a.put("kind", arg instanceof OptionSpec ? "option" : arg instanceof PositionalParamSpec ? "positional" : "?");
      all.add(a);
    }
    return all;
  }

  private static Map<String, String> describe(ArgGroupSpec group) {
    Map<String, String> g = attributes(group);
    g.put("args", group.args().stream().map(a -> a.paramLabel() + (a instanceof OptionSpec o ? Arrays.toString(o.names()) : ""))
        .toList().toString());
    return g;
  }

  /**
   * Every plain attribute of a picocli model object: each public getter without parameters that
   * returns a value (text, numbers, flags, ranges, types, enums, lists of them), by name.
   */
  private static Map<String, String> attributes(Object spec) {
    Map<String, String> values = new TreeMap<>();
    for (Method m : spec.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !plain(m.getReturnType())
          || m.getDeclaringClass() == Object.class || SKIPPED.contains(m.getName())) {
        continue;
      }
      try {
        Object v = m.invoke(spec);
        if (v instanceof Iterable<?> it && !allPlain(it)) {
          continue; // parts of the model, compared on their own
        }
        values.put(m.getName(), text(v));
      } catch (ReflectiveOperationException e) {
        values.put(m.getName(), "threw " + e.getCause());
      }
    }
    assertTrue(values.size() > 5, "too few attributes read from " + spec.getClass() + ": " + values);
    return values;
  }

  /** Identities and back references, not attributes. */
  private static final List<String> SKIPPED = List.of("hashCode", "toString", "id", "getClass", "userObject",
      "annotatedElement", "isEmpty", "specElements");

  private static boolean plain(Class<?> t) {
    return t.isPrimitive() || t == String.class || t == String[].class || t == Boolean.class || t == Integer.class
        || t == Character.class || t == Class.class || t == Class[].class || t.isEnum() || t == CommandLine.Range.class
        || t == Iterable.class || t == List.class;
  }

  private static boolean allPlain(Iterable<?> items) {
    for (Object i : items) {
      if (!(i instanceof String || i instanceof Number || i instanceof Boolean || i instanceof Enum<?> || i instanceof Class<?>)) {
        return false;
      }
    }
    return true;
  }

  private static String text(Object v) {
    if (v instanceof Object[] array) {
      return Arrays.deepToString(array);
    }
    if (v instanceof Iterable<?> it) {
      List<String> items = new ArrayList<>();
      it.forEach(i -> items.add(i instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(i)));
      return items.toString();
    }
    return String.valueOf(v);
  }
}
