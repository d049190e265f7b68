package io.tcptop.event;

/** TCP states with the kernel's numbering (include/net/tcp_states.h); NONE for UDP and unknown. */
public enum TcpState {
  NONE, ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT,
  LAST_ACK, LISTEN, CLOSING, NEW_SYN_RECV;

  private static final TcpState[] VALUES = values();

  /** The state for a kernel state number; out-of-range numbers map to NONE rather than fail. */
  public static TcpState ofKernel(int number) {
    return number > 0 && number < VALUES.length ? VALUES[number] : NONE;
  }

  public int kernelNumber() {
    return ordinal();
  }

  /** The name of a kernel state number: ESTABLISHED, CLOSE, ... ("NONE" for numbers no state has). */
  public static String name(int kernelNumber) {
    return ofKernel(kernelNumber).name();
  }
}
