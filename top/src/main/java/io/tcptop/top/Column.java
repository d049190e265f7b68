package io.tcptop.top;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.event.TcpState;
import io.tcptop.util.Addresses;
import io.tcptop.view.Units;

/**
 * The table's columns in screen order, and each one's text for a connection and for a process
 * group. A connection's cells use the units and address forms of replay's text view, so a number
 * on screen reads exactly as replay prints it for the same tick.
 */
enum Column {
  PROTO("PROT", false, 0),
  LOCAL("LOCAL", false, 15),
  REMOTE("REMOTE", false, 15),
  PID("PID", true, 0),
  PROCESS("PROCESS", false, 8),
  STATE("STATE", false, 0),
  RATE_IN("RATE_IN", true, 0),
  RATE_OUT("RATE_OUT", true, 0),
  RTT("RTT", true, 0),
  IN("IN", true, 0),
  OUT("OUT", true, 0),
  MARKS("", false, 0);

  final String header;
  final boolean right;
  /** How narrow an elidable column may get; 0 for columns that are never cut. */
  final int minWidth;

  Column(String header, boolean right, int minWidth) {
    this.header = header;
    this.right = right;
    this.minWidth = minWidth;
  }

  boolean elidable() {
    return minWidth > 0;
  }

  String cell(ConnectionLine l) {
    var f = l.flow();
    return switch (this) {
      case PROTO -> f.proto().label();
      case LOCAL -> Addresses.endpoint(f.localAddr(), f.localPort());
      case REMOTE -> Addresses.endpoint(f.remoteAddr(), f.remotePort());
      case PID -> Integer.toString(f.pid());
      case PROCESS -> f.comm().isEmpty() ? "-" : f.comm();
      case STATE -> l.state() == TcpState.NONE ? "-" : l.state().name();
      case RATE_IN -> Units.rate(l.rateIn());
      case RATE_OUT -> Units.rate(l.rateOut());
      case RTT -> Units.rtt(l.rttUs());
      case IN -> Units.size(l.bytesIn());
      case OUT -> Units.size(l.bytesOut());
      case MARKS -> marks(l);
    };
  }

  String cell(Group g, boolean expanded) {
    return switch (this) {
      case PROTO -> expanded ? "▾" : "▸";
      case LOCAL -> g.rows().size() + (g.rows().size() == 1 ? " connection" : " connections");
      case PID -> Integer.toString(g.owner().pid());
      case PROCESS -> g.owner().comm().isEmpty() ? "-" : g.owner().comm();
      case RATE_IN -> Units.rate(g.rateIn());
      case RATE_OUT -> Units.rate(g.rateOut());
      case RTT -> g.maxRttUs() < 0 ? "-" : Units.rtt(g.maxRttUs());
      case IN -> Units.size(g.bytesIn());
      case OUT -> Units.size(g.bytesOut());
      case REMOTE, STATE, MARKS -> "";
    };
  }

  /** The markers replay's text view appends: [PARTIAL], [CLOSED]. */
  static String marks(ConnectionLine l) {
    if (l.partial() && l.closed()) {
      return "[PARTIAL] [CLOSED]";
    }
    return l.partial() ? "[PARTIAL]" : l.closed() ? "[CLOSED]" : "";
  }

  private static final String MAPPED = "[::ffff:";

  /**
   * Fits text into {@code width} columns. Endpoints keep their port and lose the end of the host
   * ("192.168.10…:51000"), IPv4-mapped ones their ::ffff: first; other text loses its end.
   */
  String fit(String text, int width) {
    if (text.length() <= width) {
      return text;
    }
    if (width <= 1) {
      return "…".substring(0, width);
    }
    if ((this == LOCAL || this == REMOTE) && text.startsWith(MAPPED)) {
      // An IPv4-mapped endpoint loses that prefix before any of its address: [::ffff:10.1.2.3]:51000 becomes […10.1.2.3]:51000.
      return fit("[…" + text.substring(MAPPED.length()), width);
    }
    int colon = text.lastIndexOf(':');
    if ((this == LOCAL || this == REMOTE) && colon > 0) {
      String port = text.substring(colon);
      int host = width - port.length() - 1;
      if (host >= 1) {
        return text.substring(0, host) + "…" + port;
      }
    }
    return text.substring(0, width - 1) + "…";
  }
}
