package io.tcptop.event;

/**
 * What people see of a connection: protocol, both endpoints, and the process that owns it.
 * A TCP flow is one socket (its cookie); an unconnected UDP socket has one flow per peer.
 * The recorder numbers flows; {@code id} is unique within one journal. A flow is described
 * again, with the same id, when its owning process (or that process's cgroup) changes.
 *
 * @param family 4 or 6 (the socket's family: an IPv6 socket may carry v4-mapped addresses)
 * @param pid the owning process (tgid), 0 while only softirq context has been seen
 * @param cgroup the owner's cgroup when the flow was described; {@link Cgroup#NONE} when unknown
 *     (journals before format version 3, softirq context, hosts without cgroup v2)
 * @param netns the socket's network namespace (the inode of {@code /proc/PID/ns/net}); 0 when
 *     unknown (journals before format version 3). Addresses and ports mean something only within
 *     it: {@code 127.0.0.1:8080} in two namespaces are two different sockets
 */
public record Flow(
    long tsNs,
    int id,
    long cookie,
    Proto proto,
    int family,
    String localAddr,
    int localPort,
    String remoteAddr,
    int remotePort,
    int pid,
    String comm,
    Cgroup cgroup,
    long netns)
    implements Event {

  public Flow {
    if (family != 4 && family != 6) {
      throw new IllegalArgumentException("family must be 4 or 6, was " + family);
    }
    if (cgroup == null) {
      throw new IllegalArgumentException("cgroup is Cgroup.NONE when unknown, not null");
    }
  }

  /** A flow without owner cgroup and namespace (what journals before format version 3 describe). */
  public Flow(long tsNs, int id, long cookie, Proto proto, int family, String localAddr, int localPort,
              String remoteAddr, int remotePort, int pid, String comm) {
    this(tsNs, id, cookie, proto, family, localAddr, localPort, remoteAddr, remotePort, pid, comm, Cgroup.NONE, 0);
  }

  /** The same flow owned by another process, in the same cgroup. */
  public Flow withOwner(long ts, int newPid, String newComm) {
    return withOwner(ts, newPid, newComm, cgroup);
  }

  /** The same flow owned by another process, or by one that runs in another cgroup. */
  public Flow withOwner(long ts, int newPid, String newComm, Cgroup newCgroup) {
    return new Flow(ts, id, cookie, proto, family, localAddr, localPort, remoteAddr, remotePort,
        newPid, newComm, newCgroup, netns);
  }
}
