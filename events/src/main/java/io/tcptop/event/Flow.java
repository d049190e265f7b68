package io.tcptop.event;

/**
 * What people see of a connection: protocol, both endpoints, and the process that owns it.
 * A TCP flow is one socket (its cookie); an unconnected UDP socket has one flow per peer.
 * The recorder numbers flows; {@code id} is unique within one journal. A flow is described
 * again, with the same id, when its owning process changes.
 *
 * @param family 4 or 6 (the socket's family: an IPv6 socket may carry v4-mapped addresses)
 * @param pid the owning process (tgid), 0 while only softirq context has been seen
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
    String comm)
    implements Event {

  public Flow {
    if (family != 4 && family != 6) {
      throw new IllegalArgumentException("family must be 4 or 6, was " + family);
    }
  }

  /** The same flow owned by another process. */
  public Flow withOwner(long ts, int newPid, String newComm) {
    return new Flow(ts, id, cookie, proto, family, localAddr, localPort, remoteAddr, remotePort,
        newPid, newComm);
  }
}
