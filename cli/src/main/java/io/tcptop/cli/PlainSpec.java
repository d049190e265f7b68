package io.tcptop.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.IScope;
import picocli.CommandLine.Model.IScoped;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Parts for the commands built by hand ({@link HotCommands}): picocli's model without reading
 * annotations. Each hand-built command mirrors its annotated class option for option, and
 * {@code HotCommandsTest} holds the two to be the same.
 */
public final class PlainSpec {
  private PlainSpec() {}

  /** A command with {@code userObject} as the code it runs; its name and help are set by the caller. */
  public static CommandSpec command(Object userObject) {
    return CommandSpec.wrapWithoutInspection(userObject);
  }

  /** A mixin: a bag of options added to a command with {@link CommandSpec#addMixin}. */
  public static CommandSpec mixin() {
    return CommandSpec.wrapWithoutInspection(null);
  }

  /** What {@code @Command(mixinStandardHelpOptions = true)} adds, under the same name: -h and -V. */
  public static void addStandardHelp(CommandSpec command) {
    CommandSpec help = mixin();
    // picocli sees these two in what was matched; their values are never read.
    help.addOption(option(OptionSpec.builder("-h", "--help").paramLabel("<helpRequested>").usageHelp(true).type(boolean.class)
        .descriptionKey("mixinStandardHelpOptions.help").description("Show this help message and exit."), bind(() -> false, v -> { })));
    help.addOption(option(OptionSpec.builder("-V", "--version").paramLabel("<versionRequested>").versionHelp(true).type(boolean.class)
        .descriptionKey("mixinStandardHelpOptions.version").description("Print version information and exit."), bind(() -> false, v -> { })));
    command.addMixin("mixinStandardHelpOptions", help);
  }

  /** A field of an object as picocli reads and writes an option's value. */
  public static <T> Binding<T> bind(Supplier<T> get, Consumer<T> set) {
    return new Binding<>(get, set);
  }

  /**
   * A field of the object of an argument group ({@code @ArgGroup}), which exists only once one
   * of the group's arguments is given: {@code group} returns it, or null before.
   */
  public static <T> Binding<T> bindInGroup(Supplier<?> group, Supplier<T> get, Consumer<T> set) {
    return new Member<>(group, get, set);
  }

  /** The getter and setter of one value. */
  public static class Binding<T> implements IGetter, ISetter {
    private final Supplier<T> get;
    private final Consumer<T> set;

    Binding(Supplier<T> get, Consumer<T> set) {
      this.get = get;
      this.set = set;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V get() {
      return (V) get.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V set(V value) {
      V old = get();
      set.accept((T) value);
      return old;
    }
  }

  /** A binding in a group: picocli reads no value of it while the group's object is not made. */
  private static final class Member<T> extends Binding<T> implements IScoped {
    private final Supplier<?> group;
    private final IScope scope;

    Member(Supplier<?> group, Supplier<T> get, Consumer<T> set) {
      super(get, set);
      this.group = group;
      this.scope = new IScope() {
        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
          return (V) group.get();
        }

        @Override
        public <V> V set(V value) {
          throw new UnsupportedOperationException("the group's object is made by its arguments' setters");
        }
      };
    }

    @Override
    public IScope getScope() {
      return scope;
    }
  }

  /**
   * The option, its value kept by {@code binding}, with what picocli gives an argument it reads
   * from an annotated field: the field's value as its initial value (picocli puts it back before
   * each parse), and empty rather than missing texts.
   */
  public static OptionSpec option(OptionSpec.Builder builder, Binding<?> binding) {
    if (builder.descriptionKey() == null) {
      builder.descriptionKey("");
    }
    return builder.prompt("").getter(binding).setter(binding).initialValue(initial(binding)).hasInitialValue(true).build();
  }

  /** The positional parameter, its value kept by {@code binding}, as {@link #option} makes options. */
  public static PositionalParamSpec positional(PositionalParamSpec.Builder builder, Binding<?> binding) {
    if (builder.descriptionKey() == null) {
      builder.descriptionKey("");
    }
    return builder.prompt("").getter(binding).setter(binding).initialValue(initial(binding)).hasInitialValue(true).build();
  }

  /** An argument's value when the command is built: none for one of a group not yet made. */
  private static Object initial(Binding<?> binding) {
    return binding instanceof Member<?> m && m.group.get() == null ? null : binding.get();
  }

  /** picocli's command line around a hand-built spec. */
  public static CommandLine commandLine(CommandSpec spec) {
    return new CommandLine(spec);
  }
}
