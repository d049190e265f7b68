package io.tcptop.event;

public enum Proto {
  TCP, UDP;

  private static final Proto[] VALUES = values();

  public String label() {
    return this == TCP ? "tcp" : "udp";
  }

  public static Proto ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
