package io.tcptop.record;

import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.Seed;
import io.tcptop.event.TcpState;
import io.tcptop.util.Addresses;
import io.tcptop.util.LongMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the flows the kernel reports and describes each one to the journal once: a TCP socket
 * is one flow, an unconnected UDP socket one flow per peer. A flow is described again, under
 * the same id, when its owner or (TCP, whose port is picked after the first state change) its
 * addresses change. State per socket is dropped when the socket ends.
 *
 * <p>TCP connections that /proc listed at start are pre-existing candidates, matched by their
 * addresses when the kernel first reports them (/proc shows no cookies). A matched connection
 * whose first record does not show it opening began before the probes: it is described, then
 * marked pre-existing with a SEED at that moment. One that the probes saw open (it opened
 * between the probes' attach and the /proc scan) is not. Candidates are taken once, at start,
 * and only ever removed, so the ones that never show up cost what existed at start and no more.
 */
final class FlowRegistry {

  /** What /proc said of a TCP connection at start. */
  private record PreExisting(TcpState state, int pid, String comm) {}

  /** The facts of one flow in the kernel's raw form, to compare without making strings. */
  private static final class Known {
    Flow flow;
    final byte[] local = new byte[16];
    final byte[] remote = new byte[16];

    boolean sameTuple(byte[] l, int lport, byte[] r, int rport) {
      return flow.localPort() == lport && flow.remotePort() == rport && Arrays.equals(local, l) && Arrays.equals(remote, r);
    }

    boolean samePeer(byte[] r, int rport) {
      return flow.remotePort() == rport && Arrays.equals(remote, r);
    }
  }

  /** Everything known about one socket. */
  static final class Socket {
    Known current;
    Known[] peers = new Known[1];
    int peerCount;
    int lastSrttUs;
    long lastRttNs = Long.MIN_VALUE;

    Flow flow() {
      return current == null ? null : current.flow;
    }
  }

  private final LongMap<Socket> sockets = new LongMap<>(4096);
  private final Map<String, PreExisting> preExisting = new HashMap<>();
  private int nextFlowId = 1;
  private long handedOver;

  /** Events handed over so far: flow descriptions and SEEDs. */
  long handedOver() {
    return handedOver;
  }

  /** Pre-existing candidates not matched (yet). */
  int unmatchedSeeds() {
    return preExisting.size();
  }

  Socket socket(long cookie) {
    return sockets.get(cookie);
  }

  void forget(long cookie) {
    sockets.remove(cookie);
  }

  /**
   * A TCP connection /proc listed at start (addresses as {@code Addresses.format} writes them):
   * nothing is emitted until the kernel reports it.
   */
  void seed(String local, int lport, String remote, int rport, TcpState state, int pid, String comm) {
    preExisting.put(tupleKey(Proto.TCP, local, lport, remote, rport), new PreExisting(state, pid, comm));
  }

  /**
   * The flow for a record that carries the socket's facts. Emits a Flow event to {@code out}
   * when the flow is new or its description changed, and a Seed after the Flow when a new flow
   * is a connection that existed before the probes.
   *
   * @param pid 0 when the record comes from softirq context (state changes): keeps the owner
   * @param opened the record shows the socket opening (a TCP handshake step): it did not exist
   *     before the probes, whatever /proc listed
   */
  Flow describe(long ts, long cookie, Proto proto, int family, byte[] local, int lport, byte[] remote,
                int rport, int pid, String comm, boolean opened, EventHandler out) {
    Socket s = sockets.get(cookie);
    if (s == null) {
      s = new Socket();
      sockets.put(cookie, s);
    }
    Known k = proto == Proto.UDP ? findPeer(s, remote, rport) : s.current;
    if (k != null && k.sameTuple(local, lport, remote, rport)) {
      if (pid != 0 && k.flow.pid() != pid) {
        k.flow = k.flow.withOwner(ts, pid, comm);
        out.onEvent(k.flow);
        handedOver++;
      }
      s.current = k;
      return k.flow;
    }
    PreExisting seed = null;
    if (k == null) {
      k = new Known();
      addPeer(s, k);
      seed = takeSeed(proto, family, local, lport, remote, rport);
      int ownerPid = pid != 0 ? pid : seed != null ? seed.pid() : 0;
      String ownerComm = pid != 0 ? comm : seed != null ? seed.comm() : "";
      k.flow = flow(ts, nextFlowId++, cookie, proto, family, local, lport, remote, rport, ownerPid, ownerComm);
    } else {
      // TCP only: connect() picks the local port after the first state change. The socket
      // was first seen opening, so a /proc entry under its full tuple is this very socket: not
      // pre-existing, but it may know the owner that softirq records do not.
      PreExisting listed = takeSeed(proto, family, local, lport, remote, rport);
      boolean listedOwner = pid == 0 && k.flow.pid() == 0 && listed != null;
      int ownerPid = pid != 0 ? pid : listedOwner ? listed.pid() : k.flow.pid();
      String ownerComm = pid != 0 ? comm : listedOwner ? listed.comm() : k.flow.comm();
      k.flow = flow(ts, k.flow.id(), cookie, proto, family, local, lport, remote, rport, ownerPid, ownerComm);
    }
    System.arraycopy(local, 0, k.local, 0, 16);
    System.arraycopy(remote, 0, k.remote, 0, 16);
    s.current = k;
    out.onEvent(k.flow);
    handedOver++;
    if (seed != null && !opened) {
      out.onEvent(new Seed(ts, k.flow, seed.state()));
      handedOver++;
    }
    return k.flow;
  }

  private PreExisting takeSeed(Proto proto, int family, byte[] local, int lport, byte[] remote, int rport) {
    if (preExisting.isEmpty() || proto != Proto.TCP) {
      return null;
    }
    return preExisting.remove(tupleKey(proto, Addresses.format(local, family), lport,
        Addresses.format(remote, family), rport));
  }

  private static Flow flow(long ts, int id, long cookie, Proto proto, int family, byte[] local, int lport,
                           byte[] remote, int rport, int pid, String comm) {
    return new Flow(ts, id, cookie, proto, family, Addresses.format(local, family), lport,
        Addresses.format(remote, family), rport, pid, comm);
  }

  private static Known findPeer(Socket s, byte[] remote, int rport) {
    for (int i = 0; i < s.peerCount; i++) {
      if (s.peers[i].samePeer(remote, rport)) {
        return s.peers[i];
      }
    }
    return null;
  }

  private static void addPeer(Socket s, Known k) {
    if (s.peerCount == s.peers.length) {
      s.peers = Arrays.copyOf(s.peers, s.peers.length * 2);
    }
    s.peers[s.peerCount++] = k;
  }

  private static String tupleKey(Proto proto, String local, int lport, String remote, int rport) {
    return proto.label() + ' ' + local + ' ' + lport + ' ' + remote + ' ' + rport;
  }
}
