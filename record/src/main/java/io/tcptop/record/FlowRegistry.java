package io.tcptop.record;

import io.tcptop.event.Cgroup;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
import io.tcptop.event.Proto;
import io.tcptop.event.Seed;
import io.tcptop.event.TcpState;
import io.tcptop.util.Addresses;
import io.tcptop.util.LongMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numbers the flows the kernel reports and describes each one to the journal once: a TCP socket
 * is one flow, an unconnected UDP socket one flow per peer. A flow is described again, under
 * the same id, when its owner (the process, or its cgroup) or (TCP, whose port is picked after
 * the first state change) its addresses change. State per socket is dropped when the socket ends.
 * Each flow carries its socket's network namespace and its owner's cgroup, resolved to a path by
 * {@link CgroupNames} once per cgroup; records that carry no cgroup (state changes, records of a
 * socket whose owner did not change) keep the socket's last one.
 *
 * <p>TCP connections that /proc listed at start are pre-existing candidates, matched by their
 * network namespace and addresses when the kernel first reports them (/proc shows no cookies). A matched connection
 * whose first record does not show it opening began before the probes: it is described, then
 * marked pre-existing with a SEED at that moment. One that the probes saw open (it opened
 * between the probes' attach and the /proc scan) is not. Candidates are taken once, at start,
 * and only ever removed, so the ones that never show up cost what existed at start and no more.
 */
final class FlowRegistry {

  /** What /proc said of a TCP connection at start. */
  private record PreExisting(TcpState state, int pid, String comm, Cgroup cgroup) {}

  /** The facts of one flow in the kernel's raw form, to compare without making strings. */
  static final class Known {
    Flow flow;
    /** Its last send or receive: an unconnected socket's peer is forgotten when idle past expiry. */
    long lastTrafficNs;
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
    /** Beyond this many peers a socket indexes them: a server's socket may talk to thousands. */
    private static final int SCAN_LIMIT = 8;
    Known current;
    /** Its peers by {@link #peerKey}, once there are many; the array stays the list of them. */
    LongMap<Known> byPeer;
    /** Every record names its peer (unconnected UDP): its idle peers can be forgotten. */
    boolean unconnected;
    Known[] peers = new Known[1];
    int peerCount;
    /** The socket's network namespace (0 until a record names it). */
    long netns;
    /** The owner's cgroup as last reported for this socket. */
    Cgroup cgroup = Cgroup.NONE;
    int lastSrttUs;
    long lastRttNs = Long.MIN_VALUE;

    Flow flow() {
      return current == null ? null : current.flow;
    }
  }

  private final LongMap<Socket> sockets = new LongMap<>(4096);
  /**
   * The last flow of each TCP socket that closed lately, by cookie: an application may still
   * read what the connection had received before it ended (a reset one's receive queue), and the
   * kernel sends those reads without the socket's facts. The oldest are dropped past
   * {@link #CLOSED_KEPT}: such reads come right after the close. (A LinkedHashMap: its order is
   * the order to drop them in, which LongMap does not keep; it changes only at a close.)
   */
  private final LinkedHashMap<Long, Known> closed = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Known> eldest) {
      return size() > CLOSED_KEPT;
    }
  };
  static final int CLOSED_KEPT = 1024;
  private final Map<String, PreExisting> preExisting = new HashMap<>();
  /** The flow ids in use: an id is given again only when it is free (after wrapping around). */
  private final LongMap<Known> ids = new LongMap<>(4096);
  private final int maxFlowId;
  private final CgroupNames cgroups;
  private int nextFlowId = 1;
  private long handedOver;
  /** Some socket's owner cgroup was not found yet, and no walk since has answered for it. */
  private boolean ownersPending;
  /** The walks of the hierarchy that {@link #resolvePendingCgroups} has taken into account. */
  private long walksSeen;

  FlowRegistry() {
    this(Integer.MAX_VALUE, CgroupNames.none());
  }

  FlowRegistry(CgroupNames cgroups) {
    this(Integer.MAX_VALUE, cgroups);
  }

  /** @param maxFlowId the largest id before numbering wraps around to 1 (tests make it small) */
  FlowRegistry(int maxFlowId) {
    this(maxFlowId, CgroupNames.none());
  }

  FlowRegistry(int maxFlowId, CgroupNames cgroups) {
    this.maxFlowId = maxFlowId;
    this.cgroups = cgroups;
  }

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

  /**
   * Forgets a socket that ended (a TCP close, a UDP release): its flows' ids are free again, which
   * a FlowGone tells readers.
   */
  void forget(long cookie, long ts, EventHandler out) {
    Socket s = sockets.remove(cookie);
    if (s == null) {
      return;
    }
    for (int i = 0; i < s.peerCount; i++) {
      gone(s.peers[i], ts, out);
    }
  }

  /**
   * Forgets a TCP socket that closed, as {@link #forget}, keeping its flow's facts for the bytes
   * still read from it afterwards ({@link #reopenClosed}).
   */
  void close(long cookie, long ts, EventHandler out) {
    Socket s = sockets.get(cookie);
    if (s != null && s.current != null) {
      closed.put(cookie, s.current);
    }
    forget(cookie, ts, out);
  }

  /** Whether this TCP socket closed lately ({@link #close}) and is not known again since. */
  boolean closedLately(long cookie) {
    return sockets.get(cookie) == null && closed.containsKey(cookie);
  }

  /**
   * The socket of a read from a TCP socket no longer known (it closed): its last flow's facts
   * (owner, addresses, namespace) under a new id, described now; null when they were not kept.
   */
  Socket reopenClosed(long cookie, long ts, EventHandler out) {
    Known last = closed.get(cookie);
    if (last == null) {
      return null;
    }
    // A socket again, with the closed one's namespace and cgroup, described as any new one is.
    Flow f = last.flow;
    Socket s = new Socket();
    s.netns = f.netns();
    s.cgroup = f.cgroup();
    sockets.put(cookie, s);
    describe(ts, cookie, f.proto(), f.family(), last.local, f.localPort(), last.remote, f.remotePort(), f.pid(), 0,
        f.comm(), 0, 0, true, false, out);
    return s;
  }

  /**
   * Forgets the peers of unconnected UDP sockets that moved nothing for {@code idleNs}: a peer
   * that talks again is a new flow (as the aggregator counts it from zero after its expiry), so
   * memory follows the peers that are active, not every peer ever seen.
   */
  void forgetIdlePeers(long nowNs, long idleNs, EventHandler out) {
    sockets.forEachValue(s -> {
      if (!s.unconnected) {
        return;
      }
      int kept = 0;
      for (int i = 0; i < s.peerCount; i++) {
        Known k = s.peers[i];
        if (nowNs - k.lastTrafficNs >= idleNs) {
          gone(k, nowNs, out);
          if (s.byPeer != null && s.byPeer.get(peerKey(k.remote, k.flow.remotePort())) == k) {
            s.byPeer.remove(peerKey(k.remote, k.flow.remotePort()));
          }
          if (s.current == k) {
            s.current = null;
          }
        } else {
          s.peers[kept++] = k;
        }
      }
      Arrays.fill(s.peers, kept, s.peerCount, null);
      s.peerCount = kept;
    });
  }

  /**
   * Describes again, with its path, every flow whose owner's cgroup was not found between two
   * walks of the hierarchy, once a walk is due (called at each tick; costs nothing while no id
   * waits). A cgroup the walk does not find either was removed: its flows stay as they are.
   */
  void resolvePendingCgroups(long ts, EventHandler out) {
    if (!ownersPending || (cgroups.walks() == walksSeen && !cgroups.walkForPending())) {
      return;
    }
    walksSeen = cgroups.walks();
    ownersPending = false;
    sockets.forEachValue(s -> {
      if (s.cgroup.id() == 0 || s.cgroup.isKnown()) {
        return;
      }
      Cgroup found = cgroups.known(s.cgroup.id());
      if (found == null) {
        ownersPending = true;  // asked for since that walk: the next one looks
        return;
      }
      if (!found.isKnown()) {
        return;
      }
      long id = s.cgroup.id();
      s.cgroup = found;
      for (int i = 0; i < s.peerCount; i++) {
        Known k = s.peers[i];
        if (k.flow.cgroup().id() == id) {
          k.flow = k.flow.withOwner(ts, k.flow.pid(), k.flow.comm(), found);
          out.onEvent(k.flow);
          handedOver++;
        }
      }
    });
  }

  /** Flows known now: what memory the registry holds. */
  int knownFlows() {
    return ids.size();
  }

  private void gone(Known k, long ts, EventHandler out) {
    ids.remove(k.flow.id());
    out.onEvent(new FlowGone(ts, k.flow.id()));
    handedOver++;
  }

  /** The next free flow id: numbering wraps around and skips ids in use, so ids never run out. */
  private int newFlowId(Known k) {
    while (true) {
      int id = nextFlowId;
      nextFlowId = id >= maxFlowId ? 1 : id + 1;
      if (ids.get(id) == null) {
        ids.put(id, k);
        return id;
      }
    }
  }

  /**
   * A TCP connection /proc listed at start (addresses as {@code Addresses.format} writes them) in
   * network namespace {@code netns}, owned by a process in {@code cgroup}: nothing is emitted until
   * the kernel reports it.
   */
  void seed(long netns, String local, int lport, String remote, int rport, TcpState state, int pid, String comm,
            Cgroup cgroup) {
    preExisting.put(tupleKey(netns, Proto.TCP, local, lport, remote, rport), new PreExisting(state, pid, comm, cgroup));
  }

  /** A seed of no particular namespace or cgroup (records that name none). */
  void seed(String local, int lport, String remote, int rport, TcpState state, int pid, String comm) {
    seed(0, local, lport, remote, rport, state, pid, comm, Cgroup.NONE);
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
    return describe(ts, cookie, proto, family, local, lport, remote, rport, pid, comm, opened, false, out);
  }

  /** @param unconnected the record names the peer of its own message (unconnected UDP) */
  Flow describe(long ts, long cookie, Proto proto, int family, byte[] local, int lport, byte[] remote,
                int rport, int pid, String comm, boolean opened, boolean unconnected, EventHandler out) {
    return describe(ts, cookie, proto, family, local, lport, remote, rport, pid, 0, comm, 0, 0, opened, unconnected, out);
  }

  /**
   * @param tid the thread that moved the bytes (0: unknown), where the cgroup is looked up first
   * @param netns the socket's network namespace; 0 when the record does not say (kept from before)
   * @param cgroupId the owner's cgroup id; 0 when the record does not say (the socket's last one holds)
   */
  Flow describe(long ts, long cookie, Proto proto, int family, byte[] local, int lport, byte[] remote,
                int rport, int pid, int tid, String comm, long netns, long cgroupId, boolean opened,
                boolean unconnected, EventHandler out) {
    Socket s = sockets.get(cookie);
    if (s == null) {
      s = new Socket();
      sockets.put(cookie, s);
    }
    s.unconnected |= unconnected;
    if (netns != 0) {
      s.netns = netns;
    }
    if (cgroupId != 0 && cgroupId != s.cgroup.id()) {
      s.cgroup = cgroups.of(cgroupId, pid, tid);
      ownersPending |= s.cgroup.id() != 0 && !s.cgroup.isKnown();
    }
    Cgroup cgroup = s.cgroup;
    Known k = proto == Proto.UDP ? findPeer(s, remote, rport) : s.current;
    if (k != null && k.sameTuple(local, lport, remote, rport)) {
      if (pid != 0 && (k.flow.pid() != pid || !k.flow.cgroup().equals(cgroup))) {
        k.flow = k.flow.withOwner(ts, pid, comm, cgroup);
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
      seed = takeSeed(s.netns, proto, family, local, lport, remote, rport);
      int ownerPid = pid != 0 ? pid : seed != null ? seed.pid() : 0;
      String ownerComm = pid != 0 ? comm : seed != null ? seed.comm() : "";
      Cgroup ownerCgroup = pid != 0 || seed == null ? cgroup : seed.cgroup();
      k.lastTrafficNs = ts;
      k.flow = flow(ts, newFlowId(k), cookie, proto, family, local, lport, remote, rport, ownerPid, ownerComm,
          ownerCgroup, s.netns);
    } else {
      // TCP only: connect() picks the local port after the first state change. The socket
      // was first seen opening, so a /proc entry under its full tuple is this very socket: not
      // pre-existing, but it may know the owner that softirq records do not.
      PreExisting listed = takeSeed(s.netns, proto, family, local, lport, remote, rport);
      boolean listedOwner = pid == 0 && k.flow.pid() == 0 && listed != null;
      int ownerPid = pid != 0 ? pid : listedOwner ? listed.pid() : k.flow.pid();
      String ownerComm = pid != 0 ? comm : listedOwner ? listed.comm() : k.flow.comm();
      Cgroup ownerCgroup = pid != 0 ? cgroup : listedOwner ? listed.cgroup() : k.flow.cgroup();
      k.flow = flow(ts, k.flow.id(), cookie, proto, family, local, lport, remote, rport, ownerPid, ownerComm,
          ownerCgroup, s.netns);
    }
    System.arraycopy(local, 0, k.local, 0, 16);
    System.arraycopy(remote, 0, k.remote, 0, 16);
    if (proto == Proto.UDP) {
      if (s.byPeer != null) {
        s.byPeer.put(peerKey(remote, rport), k);
      } else {
        indexPeers(s);
      }
    }
    s.current = k;
    out.onEvent(k.flow);
    handedOver++;
    if (seed != null && !opened) {
      out.onEvent(new Seed(ts, k.flow, seed.state()));
      handedOver++;
    }
    return k.flow;
  }

  private PreExisting takeSeed(long netns, Proto proto, int family, byte[] local, int lport, byte[] remote, int rport) {
    if (preExisting.isEmpty() || proto != Proto.TCP) {
      return null;
    }
    return preExisting.remove(tupleKey(netns, proto, Addresses.format(local, family), lport,
        Addresses.format(remote, family), rport));
  }

  private static Flow flow(long ts, int id, long cookie, Proto proto, int family, byte[] local, int lport,
                           byte[] remote, int rport, int pid, String comm, Cgroup cgroup, long netns) {
    return new Flow(ts, id, cookie, proto, family, Addresses.format(local, family), lport,
        Addresses.format(remote, family), rport, pid, comm, cgroup, netns);
  }

  private static Known findPeer(Socket s, byte[] remote, int rport) {
    if (s.byPeer != null) {
      Known k = s.byPeer.get(peerKey(remote, rport));
      if (k != null && k.samePeer(remote, rport)) {
        return k;
      }
      // A miss, or two peers with one key (then the array has the other): look through them all.
    }
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

  /** Indexes a socket's peers once it has many; called after a peer's address is filled in. */
  private static void indexPeers(Socket s) {
    if (s.peerCount <= Socket.SCAN_LIMIT) {
      return;
    }
    if (s.byPeer == null) {
      s.byPeer = new LongMap<>(s.peerCount * 2);
      for (int i = 0; i < s.peerCount; i++) {
        s.byPeer.put(peerKey(s.peers[i].remote, s.peers[i].flow.remotePort()), s.peers[i]);
      }
    }
  }

  private static long peerKey(byte[] remote, int port) {
    long h = port;
    for (byte b : remote) {
      h = h * 0x100000001b3L ^ (b & 0xff);
    }
    return h;
  }

  /** A connection as /proc and the kernel both name it: the same tuple in two namespaces is two connections. */
  private static String tupleKey(long netns, Proto proto, String local, int lport, String remote, int rport) {
    return netns + " " + proto.label() + ' ' + local + ' ' + lport + ' ' + remote + ' ' + rport;
  }
}
