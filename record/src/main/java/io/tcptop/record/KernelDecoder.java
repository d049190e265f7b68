package io.tcptop.record;

import io.tcptop.bpf.KernelRecord;
import io.tcptop.bpf.ringbuf.RecordHandler;
import io.tcptop.event.Direction;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Proto;
import io.tcptop.event.RttSample;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import java.lang.foreign.MemorySegment;

/**
 * Turns ring-buffer records into events: the one place that knows which kernel record becomes
 * which event. Compact data records allocate nothing; records with socket facts go through the
 * {@link FlowRegistry}. RTT is taken from TCP data records and sampled at most every
 * {@link #RTT_SAMPLE_NS} per flow, and only when it changed.
 */
final class KernelDecoder implements RecordHandler {
  static final long RTT_SAMPLE_NS = 100_000_000L;

  private final FlowRegistry flows;
  private EventHandler out;
  private final byte[] local = new byte[16];
  private final byte[] remote = new byte[16];
  private long decodeErrors;
  private long records;
  private long delivered;

  KernelDecoder(FlowRegistry flows) {
    this.flows = flows;
  }

  void deliverTo(EventHandler handler) {
    this.out = handler;
  }

  long decodeErrors() {
    return decodeErrors;
  }

  long records() {
    return records;
  }

  /** Events this decoder handed over (the flow descriptions the registry hands over excepted). */
  long delivered() {
    return delivered;
  }

  @Override
  public void onRecord(MemorySegment data, long off, int length) {
    records++;
    int kind = length < 24 ? -1 : KernelRecord.kind(data, off);
    if (kind < 0 || length < KernelRecord.size(kind)) {
      decodeErrors++;
      return;
    }
    switch (kind) {
      case KernelRecord.KIND_DATA -> {
        // One lookup per event: the socket is known, all but always.
        long cookie = KernelRecord.cookie(data, off);
        FlowRegistry.Socket socket = flows.socket(cookie);
        if (socket != null) {
          data(data, off, socket);
        } else {
          afterClose(data, off, cookie, flows.reopenClosed(cookie, KernelRecord.timestampNanos(data, off), out));
        }
      }
      case KernelRecord.KIND_DATA_SOCKET -> {
        long cookie = KernelRecord.cookie(data, off);
        boolean afterClose = flows.closedLately(cookie);
        describe(data, off, cookie, KernelRecord.tgid(data, off), KernelRecord.tid(data, off),
            KernelRecord.comm(data, off), KernelRecord.cgroupId(data, off), false,
            (KernelRecord.reason(data, off) & KernelRecord.REASON_UNCONNECTED) != 0);
        if (afterClose) {
          afterClose(data, off, cookie, flows.socket(cookie));
        } else {
          data(data, off, flows.socket(cookie));
        }
      }
      case KernelRecord.KIND_STATE -> state(data, off);
      case KernelRecord.KIND_RELEASE -> flows.forget(KernelRecord.cookie(data, off), KernelRecord.timestampNanos(data, off), out);
      default -> decodeErrors++;
    }
  }

  /**
   * Bytes read from a TCP socket after it closed (what a reset connection had received): a flow
   * of its own, with the closed one's facts, that closes again at once, so they are counted
   * where they belong and no connection stays open after its end.
   */
  private void afterClose(MemorySegment data, long off, long cookie, FlowRegistry.Socket socket) {
    data(data, off, socket); // with no socket (its facts not kept): a decode error, as before
    Flow flow = socket == null ? null : socket.flow();
    if (flow != null) {
      long ts = KernelRecord.timestampNanos(data, off);
      out.onEvent(new StateChange(ts, flow, TcpState.CLOSE, TcpState.CLOSE, 0, 0, 0));
      delivered++;
      flows.close(cookie, ts, out);
    }
  }

  private void data(MemorySegment data, long off, FlowRegistry.Socket socket) {
    Flow flow = socket == null ? null : socket.flow();
    if (flow == null) {
      // Facts for this socket were lost (ring full) or it predates a restart: cannot attribute.
      decodeErrors++;
      return;
    }
    long ts = KernelRecord.timestampNanos(data, off);
    socket.current.lastTrafficNs = ts;
    Direction dir = KernelRecord.direction(data, off) == KernelRecord.DIRECTION_SEND ? Direction.SEND : Direction.RECV;
    out.onTraffic(ts, flow, dir, (int) Math.min(Integer.MAX_VALUE, KernelRecord.bytes(data, off)));
    delivered++;
    if (flow.proto() == Proto.TCP) {
      int srtt = (int) KernelRecord.srttMicros(data, off);
      // Not "ts - lastRttNs >= ...": for a flow never sampled (Long.MIN_VALUE) that overflows and never holds.
      if (srtt > 0 && srtt != socket.lastSrttUs && ts - RTT_SAMPLE_NS >= socket.lastRttNs) {
        socket.lastSrttUs = srtt;
        socket.lastRttNs = ts;
        out.onEvent(new RttSample(ts, flow, srtt));
        delivered++;
      }
    }
  }

  private Flow describe(MemorySegment data, long off, long cookie, int pid, int tid, String comm, long cgroupId,
                        boolean opened, boolean unconnected) {
    KernelRecord.copyLocalAddress(data, off, local);
    KernelRecord.copyRemoteAddress(data, off, remote);
    int family = KernelRecord.family(data, off) == KernelRecord.AF_INET6 ? 6 : 4;
    Proto proto = KernelRecord.protocol(data, off) == KernelRecord.PROTO_UDP ? Proto.UDP : Proto.TCP;
    return flows.describe(KernelRecord.timestampNanos(data, off), cookie, proto, family, local,
        KernelRecord.localPort(data, off), remote, KernelRecord.remotePort(data, off), pid, tid, comm,
        KernelRecord.netns(data, off), cgroupId, opened, unconnected, out);
  }

  private void state(MemorySegment data, long off) {
    long cookie = KernelRecord.cookie(data, off);
    TcpState oldState = TcpState.ofKernel(KernelRecord.oldState(data, off));
    TcpState newState = TcpState.ofKernel(KernelRecord.newState(data, off));
    Flow flow = describe(data, off, cookie, 0, 0, "", 0, opens(oldState, newState), false);
    out.onEvent(new StateChange(KernelRecord.timestampNanos(data, off), flow, oldState, newState,
        KernelRecord.bytesAcked(data, off), KernelRecord.bytesReceived(data, off),
        (int) KernelRecord.srttMicros(data, off)));
    delivered++;
    if (newState == TcpState.CLOSE) {
      flows.close(cookie, KernelRecord.timestampNanos(data, off), out);
    }
  }

  /**
   * A handshake step: connect() (CLOSE to SYN_SENT), an accepted socket's birth (LISTEN to
   * SYN_RECV: it starts as a copy of its listener), or the handshake completing. A socket whose
   * first record is one of these moved no data before the probes saw it.
   */
  static boolean opens(TcpState from, TcpState to) {
    boolean fromOpening = from == TcpState.CLOSE || from == TcpState.LISTEN || from == TcpState.SYN_SENT
        || from == TcpState.SYN_RECV;
    boolean toOpening = to == TcpState.SYN_SENT || to == TcpState.SYN_RECV || to == TcpState.ESTABLISHED;
    return fromOpening && toOpening;
  }
}
