package io.tcptop.event;

/**
 * The kinds of record a stream holds: each kind's code in the journal and its label in SQL
 * (the {@code kind} column of the {@code events} dataset). The one list both use.
 */
public enum EventKind {
  START(1),
  FLOW(2),
  SEND(3),
  RECV(4),
  STATE(5),
  RTT(6),
  SEED(7),
  TICK(8),
  LOSS(9),
  END(10),
  FORGET(11),
  CONN(12),
  /** A journal record only: names a cgroup for the flow descriptions that follow; never handed over. */
  CGROUP(13);

  private static final EventKind[] BY_CODE = new EventKind[16];

  static {
    for (EventKind k : values()) {
      BY_CODE[k.code] = k;
    }
  }

  private final byte code;
  private final String label;

  EventKind(int code) {
    this.code = (byte) code;
    this.label = name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The record's first byte in a journal. */
  public byte code() {
    return code;
  }

  /** The kind as SQL shows it: start, flow, send, recv, state, rtt, seed, tick, loss, end. */
  public String label() {
    return label;
  }

  /** The kind with this journal code, or null for a code no kind has. */
  public static EventKind ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  public static EventKind of(Direction d) {
    return d == Direction.SEND ? SEND : RECV;
  }
}
