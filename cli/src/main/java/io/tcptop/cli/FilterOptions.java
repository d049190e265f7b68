package io.tcptop.cli;

import io.tcptop.event.Proto;
import io.tcptop.stream.FlowFilter;
import io.tcptop.util.Cidr;
import java.util.List;
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

  @Option(names = "--cgroup", paramLabel = "PATH", converter = CgroupPath.class, description = CGROUP)
  String cgroup;

  @Option(names = "--container", paramLabel = "ID-PREFIX", converter = ContainerPrefix.class, description = CONTAINER)
  String container;

  @Option(names = "--netns", paramLabel = "INODE", converter = Netns.class, description = NETNS)
  Long netns;

  // The owner filters' texts once, for the annotations and the hand-built mirror alike.
  private static final String CGROUP = "Only connections owned from this cgroup (v2) or below it, by its path as "
      + "/proc/PID/cgroup shows it: /system.slice, /system.slice/nginx.service, /kubepods.slice.";
  private static final String CONTAINER = "Only connections owned from containers whose id starts with ID-PREFIX "
      + "(docker, containerd, CRI-O, podman, Kubernetes; the name of an lxc container), as their cgroup paths say.";
  private static final String NETNS = "Only connections of sockets in this network namespace: its inode, as "
      + "`ls -Li /proc/PID/ns/net` or `readlink /proc/PID/ns/net` (net:[INODE]) show it.";

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
    s.addOption(PlainSpec.option(OptionSpec.builder("--cgroup").paramLabel("PATH").type(String.class)
        .converters(new CgroupPath()).description(CGROUP), PlainSpec.bind(() -> f.cgroup, v -> f.cgroup = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--container").paramLabel("ID-PREFIX").type(String.class)
        .converters(new ContainerPrefix()).description(CONTAINER), PlainSpec.bind(() -> f.container, v -> f.container = v)));
    s.addOption(PlainSpec.option(OptionSpec.builder("--netns").paramLabel("INODE").type(Long.class)
        .converters(new Netns()).description(NETNS), PlainSpec.bind(() -> f.netns, v -> f.netns = v)));
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
    return new FlowFilter.Spec(pid, process, port, p, address, cgroup, container, netns);
  }

  /**
   * A cgroup path as /proc/PID/cgroup writes it: starting with '/', no trailing '/', no '.' or
   * '..' parts ({@code system.slice/x/} is taken as {@code /system.slice/x}). A directory of the
   * hierarchy where it is usually mounted ({@code /sys/fs/cgroup/system.slice}, or below
   * {@code /sys/fs/cgroup/unified} on hybrid hosts) is taken as the path it stands for.
   */
  public static final class CgroupPath implements ITypeConverter<String> {
    private static final List<String> MOUNTS = List.of("/sys/fs/cgroup/unified", "/sys/fs/cgroup");

    @Override
    public String convert(String value) {
      String v = value.trim();
      for (String mount : MOUNTS) {
        if (v.equals(mount) || v.startsWith(mount + "/")) {
          v = v.substring(mount.length());
          break;
        }
      }
      StringBuilder path = new StringBuilder();
      for (String part : v.split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        if (part.equals(".") || part.equals("..")) {
          throw new TypeConversionException("'" + value + "' is not a cgroup path: give it as /proc/PID/cgroup shows it,"
              + " e.g. /system.slice/nginx.service, without '.' or '..'");
        }
        path.append('/').append(part);
      }
      return path.isEmpty() ? "/" : path.toString();
    }
  }

  /** The start of a container id (any length, even the whole id), or an lxc container's name. */
  public static final class ContainerPrefix implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String v = value.trim();
      if (v.isEmpty() || v.contains("/") || v.chars().anyMatch(Character::isWhitespace)) {
        throw new TypeConversionException("'" + value + "' is not a container id prefix: give the first characters of"
            + " its id, e.g. 3f2a1b9c (as `docker ps` or `crictl ps` show it)");
      }
      // Runtimes write ids in lower-case hex; an upper-case prefix copied from elsewhere means the same.
      return v.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? v.toLowerCase(java.util.Locale.ROOT) : v;
    }
  }

  /** A network namespace's inode: 4026531840, or net:[4026531840] as readlink prints it. */
  public static final class Netns implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.trim();
      if (v.startsWith("net:[") && v.endsWith("]")) {
        v = v.substring(5, v.length() - 1);
      }
      try {
        long inode = Long.parseLong(v);
        if (inode > 0 && inode <= 0xffff_ffffL) {
          return inode;
        }
      } catch (NumberFormatException ignored) {
        // same message as out of range
      }
      throw new TypeConversionException("'" + value + "' is not a network namespace: give its inode, e.g. 4026531840"
          + " (`readlink /proc/PID/ns/net` prints net:[4026531840])");
    }
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
