package io.tcptop.top;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.event.Cgroup;
import io.tcptop.event.Flow;
import io.tcptop.event.TcpState;
import io.tcptop.util.Addresses;
import io.tcptop.view.Units;

/**
 * The table's columns in screen order, and each one's text for a connection and for a group. A
 * connection's cells use the units and address forms of replay's text view, so a number on screen
 * reads exactly as replay prints it for the same tick. The optional columns are shown only when a
 * visible row has something to say in them: the markers, the owner's cgroup (a recording with
 * owners), the network namespace (when the rows are in more than one).
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
  CGROUP("CGROUP", false, 8, true),
  NETNS("NETNS", true, 0, true),
  MARKS("", false, 0, true);

  final String header;
  final boolean right;
  /** How narrow an elidable column may get; 0 for columns that are never cut. */
  final int minWidth;
  /** Shown only when a visible row has text in it. */
  final boolean optional;

  Column(String header, boolean right, int minWidth) {
    this(header, right, minWidth, false);
  }

  Column(String header, boolean right, int minWidth, boolean optional) {
    this.header = header;
    this.right = right;
    this.minWidth = minWidth;
    this.optional = optional;
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
      case CGROUP -> cgroup(f);
      case NETNS -> netns(f);
      case MARKS -> marks(l);
    };
  }

  String cell(Group g, boolean expanded) {
    String connections = g.rows().size() + (g.rows().size() == 1 ? " connection" : " connections");
    return switch (this) {
      case PROTO -> expanded ? "▾" : "▸";
      case LOCAL -> g.key() instanceof Group.Cgroup c ? (c.label().isEmpty() ? "(no cgroup)" : c.label()) : connections;
      case REMOTE -> g.key() instanceof Group.Cgroup ? connections : "";
      case PID -> g.key() instanceof Group.Owner o ? Integer.toString(o.pid()) : "";
      case PROCESS -> {
        if (g.key() instanceof Group.Owner o) {
          yield o.comm().isEmpty() ? "-" : o.comm();
        }
        long processes = g.rows().stream().map(r -> r.line().flow().pid() + " " + r.line().flow().comm()).distinct().count();
        String comm = g.rows().getFirst().line().flow().comm();
        yield processes > 1 ? processes + " processes" : comm.isEmpty() ? "-" : comm;
      }
      case RATE_IN -> Units.rate(g.rateIn());
      case RATE_OUT -> Units.rate(g.rateOut());
      case RTT -> g.maxRttUs() < 0 ? "-" : Units.rtt(g.maxRttUs());
      case IN -> Units.size(g.bytesIn());
      case OUT -> Units.size(g.bytesOut());
      case CGROUP -> g.shared(r -> cgroup(r.line().flow()));
      case NETNS -> g.shared(r -> netns(r.line().flow()));
      case STATE, MARKS -> "";
    };
  }

  /**
   * The owner's cgroup in a few characters: the runtime and the container id's start
   * ({@code docker:3f2a1b9c0d1e}), else the systemd unit ({@code nginx.service}), else the path;
   * {@code #ID} for a cgroup removed before the recorder named it; "" when there is none (a journal
   * recorded before tcptop knew owners, a host without cgroup v2).
   */
  static String cgroup(Flow f) {
    Cgroup c = f.cgroup();
    if (c.isKnown()) {
      return c.label();
    }
    return c.id() == 0 ? "" : "#" + c.id();
  }

  /** The socket's network namespace (its inode); "" when not known. */
  static String netns(Flow f) {
    return f.netns() == 0 ? "" : Long.toString(f.netns());
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
    return fit(text, width, this == LOCAL || this == REMOTE);
  }

  /** As {@link #fit(String, int)}; a group's row has no endpoints, so its text is cut at the end. */
  String fit(String text, int width, boolean endpoint) {
    if (text.length() <= width) {
      return text;
    }
    if (width <= 1) {
      return "…".substring(0, width);
    }
    if (!endpoint) {
      return text.substring(0, width - 1) + "…";
    }
    if (text.startsWith(MAPPED)) {
      // An IPv4-mapped endpoint loses that prefix before any of its address: [::ffff:10.1.2.3]:51000 becomes […10.1.2.3]:51000.
      return fit("[…" + text.substring(MAPPED.length()), width, true);
    }
    int colon = text.lastIndexOf(':');
    if (colon > 0) {
      String port = text.substring(colon);
      int host = width - port.length() - 1;
      if (host >= 1) {
        return text.substring(0, host) + "…" + port;
      }
    }
    return text.substring(0, width - 1) + "…";
  }
}
