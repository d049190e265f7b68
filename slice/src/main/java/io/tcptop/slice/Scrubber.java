package io.tcptop.slice;

import io.tcptop.event.Flow;
import io.tcptop.event.SessionStart;
import io.tcptop.util.Addresses;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hides who talked to whom in a slice that is to leave the host, and nothing else: addresses go
 * through a keyed prefix-preserving mapping ({@link CryptoPan}: the same address always gives the
 * same result, addresses that share a prefix still share one), names (process names, the host,
 * and whatever else names a machine or a workload) become stable pseudonyms. Ports, byte counts,
 * times and the connection structure are kept exactly. The unspecified addresses 0.0.0.0 and ::
 * carry nothing and stay as they are; an IPv4-mapped IPv6 address maps its IPv4 part like the
 * IPv4 address itself, so one peer seen through both kinds of socket stays one peer. A flow's
 * cgroup is scrubbed by {@link CgroupScrubber}: container ids, pod UIDs and unit names replaced in
 * place. Network namespaces (inode numbers, which mean something on their host only) and cgroup
 * ids stay, like pids.
 */
public final class Scrubber {
  private static final int FLOW_CACHE = 4096;
  private final CryptoPan addresses;
  private final Mac names;
  private final boolean keepComm;
  private final Map<String, String> mapped = new HashMap<>();
  private final Map<String, String> pseudonyms = new HashMap<>();
  private final CgroupScrubber cgroups = new CgroupScrubber(this::keyedHash, this::pseudonym);
  /**
   * The flows scrubbed last, by flow id modulo the table's size: every traffic event hands over
   * its flow, the same object for all events of a flow, and building its scrubbed twin (two
   * address lookups and a name lookup, each making its key string) for each one cost more than
   * the rest of a slice. Entries are matched by identity, so a hit is the very flow scrubbed.
   */
  private final Flow[] lastIn = new Flow[FLOW_CACHE];
  private final Flow[] lastOut = new Flow[FLOW_CACHE];

  /** @param key 64 bytes: the first 32 key the address mapping, the last 32 the pseudonyms */
  public Scrubber(byte[] key) {
    this(key, false);
  }

  /** @param keepComm keep process names as they are (addresses and the host are still scrubbed) */
  public Scrubber(byte[] key, boolean keepComm) {
    this.keepComm = keepComm;
    if (key.length != ScrubKey.BYTES) {
      throw new IllegalArgumentException("a scrub key is " + ScrubKey.BYTES + " bytes, not " + key.length);
    }
    addresses = new CryptoPan(java.util.Arrays.copyOfRange(key, 0, 32));
    try {
      names = Mac.getInstance("HmacSHA256");
      names.init(new SecretKeySpec(key, 32, 32, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The flow with its addresses mapped and its process name and cgroup names replaced; everything else kept. */
  public Flow flow(Flow f) {
    int slot = f.id() & (FLOW_CACHE - 1);
    if (lastIn[slot] != f) {
      lastOut[slot] = scrubbed(f);
      lastIn[slot] = f;
    }
    return lastOut[slot];
  }

  private Flow scrubbed(Flow f) {
    return new Flow(f.tsNs(), f.id(), f.cookie(), f.proto(), f.family(), address(f.localAddr(), f.family()),
        f.localPort(), address(f.remoteAddr(), f.family()), f.remotePort(), f.pid(),
        f.comm().isEmpty() || keepComm ? f.comm() : pseudonym("proc", f.comm()), cgroups.cgroup(f.cgroup()),
        f.netns());
  }

  /**
   * The header with its host name replaced wherever it stands (the host, the session id, the
   * origin's session id) and the names and addresses in its filters and origin replaced.
   */
  public SessionStart header(SessionStart h) {
    return new SessionStart(h.tsNs(), sessionId(h.session()), origin(h.origin()), pseudonym("host", h.host()),
        h.kernel(), h.toolVersion(), h.wallClockOffsetNs(), h.tickIntervalNs(), filters(h.filters()));
  }

  /** A session id is HOST_TIME[.NONCE]: the host part is replaced. */
  String sessionId(String id) {
    int cut = id.lastIndexOf('_');
    return cut < 0 ? pseudonym("host", id) : pseudonym("host", id.substring(0, cut)) + id.substring(cut);
  }

  /** An origin is "SESSION FROM TO [filters] [scrubbed]". */
  private String origin(String origin) {
    if (origin.isEmpty()) {
      return origin;
    }
    int space = origin.indexOf(' ');
    String session = space < 0 ? origin : origin.substring(0, space);
    return sessionId(session) + (space < 0 ? "" : filters(origin.substring(space)));
  }

  /** An address literal of a socket of this family (4 or 6), mapped. */
  public String address(String literal, int family) {
    return mapped.computeIfAbsent(family + " " + literal, k -> {
      byte[] raw = Addresses.parse(literal, family);
      boolean v4 = family == 4;
      boolean v4Mapped = !v4 && isV4Mapped(raw);
      if (isUnspecified(raw)) {
        return literal;
      }
      if (v4 || v4Mapped) {
        int at = v4 ? 0 : 12;
        byte[] m = addresses.map(java.util.Arrays.copyOfRange(raw, at, at + 4));
        System.arraycopy(m, 0, raw, at, 4);
      } else {
        raw = addresses.map(raw);
      }
      return Addresses.format(raw, family);
    });
  }

  /**
   * A stable stand-in for a name of this kind ("proc", "host", ...): the kind, a dash and eight
   * base-32 characters of the name's keyed hash, at most 15 characters for a process name.
   */
  public String pseudonym(String kind, String name) {
    return pseudonyms.computeIfAbsent(kind + '\0' + name, k -> {
      byte[] h = keyedHash(k);
      StringBuilder sb = new StringBuilder(kind).append('-');
      long bits = 0;
      for (int i = 0; i < 5; i++) {
        bits = (bits << 8) | (h[i] & 0xff);
      }
      for (int i = 0; i < 8; i++) {
        sb.append("abcdefghijklmnopqrstuvwxyz234567".charAt((int) ((bits >>> (35 - 5 * i)) & 31)));
      }
      return sb.toString();
    });
  }

  /** HMAC-SHA256 of {@code text} under the names' key: 32 bytes. */
  private byte[] keyedHash(String text) {
    return names.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The filters as the user typed them, with process names, addresses and cgroup names replaced. A
   * --container prefix is scrubbed like an id of its own: it no longer selects the scrubbed ids.
   */
  String filters(String text) {
    if (text.isBlank()) {
      return text;
    }
    String[] words = text.split(" ");
    for (int i = 0; i + 1 < words.length; i++) {
      switch (words[i]) {
        case "--process" -> words[i + 1] = keepComm ? words[i + 1] : pseudonym("proc", words[i + 1]);
        case "--address" -> words[i + 1] = cidr(words[i + 1]);
        case "--cgroup" -> words[i + 1] = cgroups.path(words[i + 1]);
        case "--container" -> words[i + 1] = cgroups.container(words[i + 1]);
        default -> { }
      }
    }
    return String.join(" ", words);
  }

  /** A CIDR's network mapped: the prefix-preserving mapping keeps it a prefix of its members' images. */
  private String cidr(String text) {
    int slash = text.indexOf('/');
    String net = slash < 0 ? text : text.substring(0, slash);
    int family = net.indexOf(':') >= 0 ? 6 : 4;
    return address(net, family) + (slash < 0 ? "" : text.substring(slash).toLowerCase(Locale.ROOT));
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
  }

  private static boolean isUnspecified(byte[] a) {
    for (byte b : a) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
