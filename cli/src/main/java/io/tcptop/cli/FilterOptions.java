package io.tcptop.cli;

import io.tcptop.event.Proto;
import io.tcptop.stream.FlowFilter;
import io.tcptop.util.Cidr;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The connection filters shared by the commands that read or record a stream. */
public final class FilterOptions {

  @Option(names = "--pid", paramLabel = "N", converter = Pid.class,
      description = "Only connections owned by this process id.")
  Integer pid;

  @Option(names = "--process", paramLabel = "NAME", description = "Only connections owned by processes with this command name (comm).")
  String process;

  @Option(names = "--port", paramLabel = "N", converter = Port.class,
      description = "Only connections with this local or remote port.")
  Integer port;

  @ArgGroup(exclusive = true)
  ProtoChoice proto;

  @Option(names = "--address", paramLabel = "CIDR", converter = Block.class,
      description = "Only connections whose local or remote address lies in CIDR (10.0.0.0/8, 192.0.2.7, "
          + "2001:db8::/32; an IPv4 block also matches IPv4-mapped IPv6 addresses).")
  Cidr address;

  static final class ProtoChoice {
    @Option(names = "--tcp", description = "Only TCP connections.")
    boolean tcp;

    @Option(names = "--udp", description = "Only UDP flows.")
    boolean udp;
  }

  /** These options as the annotations above declare them, built by hand ({@link PlainSpec}). */
  static CommandSpec plainSpec(FilterOptions f) {
    CommandSpec s = PlainSpec.mixin();
    s.addOption(PlainSpec.option(OptionSpec.builder("--pid").paramLabel("N").type(Integer.class).converters(new Pid())
        .description("Only connections owned by this process id."), PlainSpec.bind(() -> f.pid, v -> f.pid = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--process").paramLabel("NAME").type(String.class)
        .description("Only connections owned by processes with this command name (comm)."),
        PlainSpec.bind(() -> f.process, v -> f.process = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--port").paramLabel("N").type(Integer.class).converters(new Port())
        .description("Only connections with this local or remote port."), PlainSpec.bind(() -> f.port, v -> f.port = v)));
    // The group has no object of its own here: a choice is made when --tcp or --udp is given.
    s.addArgGroup(ArgGroupSpec.builder().exclusive(true)
        .addArg(PlainSpec.option(OptionSpec.builder("--tcp").paramLabel("<tcp>").type(boolean.class).description("Only TCP connections."),
            PlainSpec.bindInGroup(() -> f.proto, () -> f.proto != null && f.proto.tcp, v -> f.choose(v, true))))
        .addArg(PlainSpec.option(OptionSpec.builder("--udp").paramLabel("<udp>").type(boolean.class).description("Only UDP flows."),
            PlainSpec.bindInGroup(() -> f.proto, () -> f.proto != null && f.proto.udp, v -> f.choose(v, false))))
        .build());
    s.addOption(PlainSpec.option(OptionSpec.builder("--address").paramLabel("CIDR").type(Cidr.class).converters(new Block())
        .description("Only connections whose local or remote address lies in CIDR (10.0.0.0/8, 192.0.2.7, "
            + "2001:db8::/32; an IPv4 block also matches IPv4-mapped IPv6 addresses)."),
        PlainSpec.bind(() -> f.address, v -> f.address = v)));
    return s;
  }

  private void choose(boolean given, boolean tcp) {
    if (given) {
      proto = new ProtoChoice();
      proto.tcp = tcp;
      proto.udp = !tcp;
    }
  }

  public FlowFilter.Spec spec() {
    Proto p = proto == null ? null : proto.tcp ? Proto.TCP : Proto.UDP;
    return new FlowFilter.Spec(pid, process, port, p, address);
  }

  static final class Block implements ITypeConverter<Cidr> {
    @Override
    public Cidr convert(String value) {
      try {
        return Cidr.parse(value);
      } catch (io.tcptop.error.UsageException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Linux pids are 0 (the kernel, softirq) to 4194304 (the largest pid_max). */
  static final class Pid implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return inRange(value, 0, 4_194_304, "a process id");
    }
  }

  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return inRange(value, 0, 65_535, "a port");
    }
  }

  static int inRange(String value, int min, int max, String what) {
    try {
      int v = Integer.parseInt(value.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // same message as out of range
    }
    throw new TypeConversionException("'" + value + "' is not " + what + ": use " + min + " to " + max);
  }
}
