package io.tcptop.record;

import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.util.Addresses;
import io.tcptop.util.LongMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the flows the kernel reports and describes each one to the journal once: a TCP socket
 * is one flow, an unconnected UDP socket one flow per peer. A flow is described again, under
 * the same id, when its owner or (TCP, whose port is picked after the first state change) its
 * addresses change. Sockets seen at start-up (SEED) are matched by their addresses, since
 * /proc shows no cookies. State per socket is dropped when the socket ends.
 */
final class FlowRegistry {

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
  private final Map<String, Flow> seeds = new HashMap<>();
  private int nextFlowId = 1;
  private long described;

  /** Flow descriptions handed over so far. */
  long described() {
    return described;
  }

  Socket socket(long cookie) {
    return sockets.get(cookie);
  }

  void forget(long cookie) {
    sockets.remove(cookie);
  }

  /** A socket that existed before recording: numbered now, matched by tuple when it shows up. */
  Flow seed(long ts, Proto proto, int family, String local, int lport, String remote, int rport, int pid, String comm) {
    Flow f = new Flow(ts, nextFlowId++, 0, proto, family, local, lport, remote, rport, pid, comm);
    seeds.put(tupleKey(proto, local, lport, remote, rport), f);
    return f;
  }

  /**
   * The flow for a record that carries the socket's facts. Emits a Flow event to {@code out}
   * when the flow is new or its description changed.
   *
   * @param pid 0 when the record comes from softirq context (state changes): keeps the owner
   */
  Flow describe(long ts, long cookie, Proto proto, int family, byte[] local, int lport, byte[] remote,
                int rport, int pid, String comm, EventHandler out) {
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
        described++;
      }
      s.current = k;
      return k.flow;
    }
    if (k == null) {
      k = new Known();
      addPeer(s, k);
      Flow seeded = seeds.remove(tupleKey(proto, Addresses.format(local, family), lport, Addresses.format(remote, family), rport));
      int id = seeded != null ? seeded.id() : nextFlowId++;
      int ownerPid = pid != 0 ? pid : seeded != null ? seeded.pid() : 0;
      String ownerComm = pid != 0 ? comm : seeded != null ? seeded.comm() : "";
      k.flow = flow(ts, id, cookie, proto, family, local, lport, remote, rport, ownerPid, ownerComm);
    } else {
      // TCP only: connect() picks the local port after the first state change.
      int ownerPid = pid != 0 ? pid : k.flow.pid();
      String ownerComm = pid != 0 ? comm : k.flow.comm();
      k.flow = flow(ts, k.flow.id(), cookie, proto, family, local, lport, remote, rport, ownerPid, ownerComm);
    }
    System.arraycopy(local, 0, k.local, 0, 16);
    System.arraycopy(remote, 0, k.remote, 0, 16);
    s.current = k;
    out.onEvent(k.flow);
    described++;
    return k.flow;
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
