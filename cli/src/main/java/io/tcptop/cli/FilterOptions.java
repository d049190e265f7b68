package io.tcptop.cli;

import io.tcptop.event.Proto;
import io.tcptop.stream.FlowFilter;
import io.tcptop.util.Cidr;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
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
