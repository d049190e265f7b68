package io.tcptop.event;

/** Why events were dropped before they reached the journal. */
public enum LossCause {
  /** The kernel could not reserve ring-buffer space. */
  RING_BUFFER_FULL,
  /** A kernel record could not be decoded. */
  DECODE_ERROR;

  private static final LossCause[] VALUES = values();

  public static LossCause ofOrdinal(int ordinal) {
    return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : DECODE_ERROR;
  }
}
