package io.tcptop.stream;

import io.tcptop.event.ConnectionSnapshot;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.event.Proto;
import io.tcptop.event.RttSample;
import io.tcptop.event.Seed;
import io.tcptop.event.StateChange;
import io.tcptop.event.Traffic;
import io.tcptop.util.Cidr;
import io.tcptop.util.LongMap;

/**
 * Passes on only the flows that match; ticks, losses and session records always pass. Filtering
 * whole flows (not single events) keeps each shown connection's totals complete.
 */
public final class FlowFilter extends Stage {

  /**
   * Which flows to keep; null fields match everything.
   *
   * @param address a block the local or the remote address lies in
   * @param cgroup a cgroup path ({@code /system.slice}): flows owned from that cgroup or below it
   * @param container a container id prefix: flows whose owner's cgroup names such a container
   * @param netns a network namespace inode: flows of sockets in it
   */
  public record Spec(Integer pid, String process, Integer port, Proto proto, Cidr address, String cgroup,
                     String container, Long netns) {
    public static final Spec ALL = new Spec(null, null, null, null, null, null, null, null);

    public Spec(Integer pid, String process, Integer port, Proto proto) {
      this(pid, process, port, proto, null);
    }

    public Spec(Integer pid, String process, Integer port, Proto proto, Cidr address) {
      this(pid, process, port, proto, address, null, null, null);
    }

    public boolean matches(Flow f) {
      return (pid == null || f.pid() == pid)
          && (process == null || f.comm().equals(process))
          && (port == null || f.localPort() == port || f.remotePort() == port)
          && (proto == null || f.proto() == proto)
          && (address == null || address.contains(f.localAddr(), f.family()) || address.contains(f.remoteAddr(), f.family()))
          && (cgroup == null || f.cgroup().isWithin(cgroup))
          && (container == null || (!f.cgroup().container().isEmpty() && f.cgroup().container().startsWith(container)))
          && (netns == null || f.netns() == netns);
    }

    public boolean isAll() {
      return pid == null && process == null && port == null && proto == null && address == null && cgroup == null
          && container == null && netns == null;
    }

    /** The same filter without its cgroup and container parts (for flows the kernel filtered on those already). */
    public Spec withoutCgroupAndContainer() {
      return new Spec(pid, process, port, proto, address, null, null, netns);
    }

    /** The filters as the user would type them; "" when there are none. */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      if (pid != null) sb.append(" --pid ").append(pid);
      if (process != null) sb.append(" --process ").append(process);
      if (port != null) sb.append(" --port ").append(port);
      if (proto != null) sb.append(" --").append(proto.label());
      if (address != null) sb.append(" --address ").append(address);
      if (cgroup != null) sb.append(" --cgroup ").append(cgroup);
      if (container != null) sb.append(" --container ").append(container);
      if (netns != null) sb.append(" --netns ").append(netns);
      return sb.toString().trim();
    }
  }

  private final Spec spec;
  /** Each flow's verdict, kept while its description is the same object: most checks cost a lookup. */
  private final LongMap<Verdict> verdicts = new LongMap<>(1024);

  private record Verdict(Flow flow, boolean matches) {}

  public FlowFilter(Spec spec, EventHandler next) {
    super(next);
    this.spec = spec;
  }

  /** Wraps only when there is something to filter. */
  public static EventHandler wrap(Spec spec, EventHandler next) {
    return spec.isAll() ? next : new FlowFilter(spec, next);
  }

  private boolean matches(Flow flow) {
    Verdict v = verdicts.get(flow.id());
    if (v == null || v.flow() != flow) {
      v = new Verdict(flow, spec.matches(flow));
      verdicts.put(flow.id(), v);
    }
    return v.matches();
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    if (matches(flow)) {
      next.onTraffic(tsNs, flow, direction, bytes);
    }
  }

  @Override
  public void onEvent(Event event) {
    Flow flow = switch (event) {
      case Flow f -> f;
      case StateChange s -> s.flow();
      case RttSample r -> r.flow();
      case Seed s -> s.flow();
      case ConnectionSnapshot c -> c.flow();
      case Traffic t -> t.flow();
      default -> null;
    };
    if (event instanceof FlowGone g) {
      verdicts.remove(g.flowId());
    }
    if (flow == null || matches(flow)) {
      next.onEvent(event);
    }
  }


}
