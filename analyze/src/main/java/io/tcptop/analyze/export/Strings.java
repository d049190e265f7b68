package io.tcptop.analyze.export;

import io.tcptop.event.LossCause;
import io.tcptop.event.Proto;
import io.tcptop.event.TcpState;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.io.api.Binary;

/** The few strings every table repeats, made once: protocol labels and TCP state names. */
final class Strings {
  private Strings() {}

  private static final Binary TCP = binary(Proto.TCP.label());
  private static final Binary UDP = binary(Proto.UDP.label());
  private static final Binary[] STATES = new Binary[TcpState.values().length];
  private static final Binary[] CAUSES = new Binary[LossCause.values().length];
  /** The constant strings a line holds (protocol labels, state names), by identity. */
  private static final java.util.Map<String, Binary> CONSTANTS = new java.util.IdentityHashMap<>();

  static {
    for (TcpState s : TcpState.values()) {
      STATES[s.ordinal()] = s == TcpState.NONE ? null : binary(s.name());
    }
    for (LossCause c : LossCause.values()) {
      CAUSES[c.ordinal()] = binary(c.name());
    }
    CONSTANTS.put(Proto.TCP.label(), TCP);
    CONSTANTS.put(Proto.UDP.label(), UDP);
    for (TcpState s : TcpState.values()) {
      if (s != TcpState.NONE) {
        CONSTANTS.put(s.name(), STATES[s.ordinal()]);
      }
    }
  }

  /**
   * A string as a Parquet value: the one shared instance for a protocol label or state name
   * (so the dictionary writer recognises it without hashing), a new one for anything else.
   */
  static Binary binaryOf(String s) {
    Binary b = CONSTANTS.get(s);
    return b != null ? b : Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A string's UTF-8 bytes as one immutable value: the Parquet writer may keep it without a
   * copy, and recognises it by identity when it comes again.
   */
  static Binary binary(String s) {
    return Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
  }

  static Binary cause(LossCause c) {
    return CAUSES[c.ordinal()];
  }

  static Binary proto(Proto p) {
    return p == Proto.TCP ? TCP : UDP;
  }

  /** The state's name, or null for NONE (UDP, unknown): SQL NULL, as JSONL's null. */
  static Binary state(TcpState s) {
    return STATES[s.ordinal()];
  }
}
