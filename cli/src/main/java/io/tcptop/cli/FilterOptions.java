package io.tcptop.cli;

import io.tcptop.event.Proto;
import io.tcptop.stream.FlowFilter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The connection filters shared by the commands that read or record a stream. */
public final class FilterOptions {

  @Option(names = "--pid", paramLabel = "N", description = "Only connections owned by this process id.")
  Integer pid;

  @Option(names = "--process", paramLabel = "NAME", description = "Only connections owned by processes with this command name (comm).")
  String process;

  @Option(names = "--port", paramLabel = "N", description = "Only connections with this local or remote port.")
  Integer port;

  @ArgGroup(exclusive = true)
  ProtoChoice proto;

  static final class ProtoChoice {
    @Option(names = "--tcp", description = "Only TCP connections.")
    boolean tcp;

    @Option(names = "--udp", description = "Only UDP flows.")
    boolean udp;
  }

  public FlowFilter.Spec spec() {
    if (port != null && (port < 0 || port > 65535)) {
      throw new io.tcptop.error.UsageException("--port " + port + " is not a port: use 0 to 65535");
    }
    Proto p = proto == null ? null : proto.tcp ? Proto.TCP : Proto.UDP;
    return new FlowFilter.Spec(pid, process, port, p);
  }
}
