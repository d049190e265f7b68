package io.tcptop.journal;

import io.tcptop.event.Direction;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventKind;
import io.tcptop.event.Flow;
import io.tcptop.event.Loss;
import io.tcptop.event.LossCause;
import io.tcptop.event.Proto;
import io.tcptop.event.RttSample;
import io.tcptop.event.Seed;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.StateChange;
import io.tcptop.event.TcpState;
import io.tcptop.event.Tick;
import io.tcptop.util.Addresses;
import io.tcptop.util.LongMap;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The byte layout of a journal, stated once: the only class that writes it ({@link Encoder}) and
 * reads it ({@link Decoder}), each record kind's writing and reading side by side, so the two
 * cannot drift apart. A journal is a Chronicle Queue whose documents are batches of records; each
 * batch carries its own magic, version and CRC32C, because Chronicle does not notice damaged
 * files. All integers are little-endian.
 *
 * <pre>
 * batch:   u32 magic 'TCPJ' | u16 version | u16 0 | u32 records | u32 payload bytes | u32 crc32c(payload) | payload
 * record:  u8 kind (its {@link io.tcptop.event.EventKind} code), then the kind's fields:
 *   START    u16 version, i64 ts, i64 wallOffsetNs, i64 tickIntervalNs, str host, str kernel, str tool, str filters
 *   FLOW     i64 ts, i32 id, i64 cookie, u8 proto, u8 family, 16B local, u16 lport, 16B remote, u16 rport, i32 pid, str8 comm
 *   SEND     i32 bytes, i32 flow, i64 ts                                   (17 bytes: the common case)
 *   RECV     i32 bytes, i32 flow, i64 ts
 *   STATE    i64 ts, i32 flow, u8 old, u8 new, i64 bytesAcked, i64 bytesReceived, i32 srttUs
 *   RTT      i64 ts, i32 flow, i32 srttUs
 *   SEED     i64 ts, i32 flow, u8 state
 *   TICK     i64 ts
 *   LOSS     i64 ts, u8 cause, i64 count
 *   END      i64 ts, i64 events, i64 lost
 * str = u16 length + UTF-8; str8 = u8 length + UTF-8
 * </pre>
 */
final class JournalFormat {
  private JournalFormat() {}

  static final int VERSION = 1;
  static final int MAGIC = 0x4A504354; // "TCPJ" read as little-endian
  static final int BATCH_HEADER_BYTES = 20;
  /** A batch is flushed once its payload passes this size; Chronicle caps a document at a quarter of its block. */
  static final int BATCH_TARGET_BYTES = 32 * 1024;
  /** Larger documents cannot have been written by tcptop: treat them as damage. */
  static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

  /** A batch that fails its checks; the reader turns it into a user-facing error. */
  static final class DamagedBatch extends Exception {
    final boolean newerVersion;
    final int version;

    DamagedBatch(String why) {
      this(why, false, 0);
    }

    DamagedBatch(String why, boolean newerVersion, int version) {
      super(why, null, false, false);
      this.newerVersion = newerVersion;
      this.version = version;
    }
  }

  /** Encodes records into one reusable batch buffer. */
  static final class Encoder {
    private static final int MAX_RECORD_BYTES = 4 * 1024;
    private static final byte SEND = EventKind.SEND.code();
    private static final byte RECV = EventKind.RECV.code();
    private final ByteBuffer buf =
        ByteBuffer.allocate(BATCH_TARGET_BYTES + MAX_RECORD_BYTES + BATCH_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private final int version;
    private int records;

    /** @param version the format version stamped on every batch and header: {@link #VERSION}, except in tests of old and newer journals */
    Encoder(int version) {
      this.version = version;
      buf.position(BATCH_HEADER_BYTES);
    }

    boolean isEmpty() {
      return records == 0;
    }

    boolean isFull() {
      return buf.position() - BATCH_HEADER_BYTES >= BATCH_TARGET_BYTES;
    }

    void traffic(boolean send, long ts, int flowId, int bytes) {
      buf.put(send ? SEND : RECV).putInt(bytes).putInt(flowId).putLong(ts);
      records++;
    }

    void header(SessionStart h) {
      buf.put(EventKind.START.code()).putShort((short) version).putLong(h.tsNs())
          .putLong(h.wallClockOffsetNs()).putLong(h.tickIntervalNs());
      string16(h.host());
      string16(h.kernel());
      string16(h.toolVersion());
      string16(h.filters());
      records++;
    }

    void flow(Flow f) {
      buf.put(EventKind.FLOW.code()).putLong(f.tsNs()).putInt(f.id()).putLong(f.cookie())
          .put((byte) f.proto().ordinal()).put((byte) f.family())
          .put(Addresses.parse(f.localAddr(), f.family())).putShort((short) f.localPort())
          .put(Addresses.parse(f.remoteAddr(), f.family())).putShort((short) f.remotePort())
          .putInt(f.pid());
      byte[] comm = f.comm().getBytes(StandardCharsets.UTF_8);
      int len = Math.min(comm.length, 255);
      buf.put((byte) len).put(comm, 0, len);
      records++;
    }

    void state(StateChange s) {
      buf.put(EventKind.STATE.code()).putLong(s.tsNs()).putInt(s.flow().id())
          .put((byte) s.oldState().kernelNumber()).put((byte) s.newState().kernelNumber())
          .putLong(s.bytesAcked()).putLong(s.bytesReceived()).putInt(s.srttUs());
      records++;
    }

    void rtt(RttSample r) {
      buf.put(EventKind.RTT.code()).putLong(r.tsNs()).putInt(r.flow().id()).putInt(r.srttUs());
      records++;
    }

    void seed(Seed s) {
      buf.put(EventKind.SEED.code()).putLong(s.tsNs()).putInt(s.flow().id()).put((byte) s.state().kernelNumber());
      records++;
    }

    void tick(long ts) {
      buf.put(EventKind.TICK.code()).putLong(ts);
      records++;
    }

    void loss(Loss l) {
      buf.put(EventKind.LOSS.code()).putLong(l.tsNs()).put((byte) l.cause().ordinal()).putLong(l.count());
      records++;
    }

    void end(SessionEnd e) {
      buf.put(EventKind.END.code()).putLong(e.tsNs()).putLong(e.events()).putLong(e.lost());
      records++;
    }

    /** Seals the batch (header and checksum) and returns its backing array and length. */
    int seal() {
      int payload = buf.position() - BATCH_HEADER_BYTES;
      crc.reset();
      crc.update(buf.array(), BATCH_HEADER_BYTES, payload);
      buf.putInt(0, MAGIC).putShort(4, (short) version).putShort(6, (short) 0)
          .putInt(8, records).putInt(12, payload).putInt(16, (int) crc.getValue());
      return BATCH_HEADER_BYTES + payload;
    }

    byte[] array() {
      return buf.array();
    }

    void reset() {
      buf.clear().position(BATCH_HEADER_BYTES);
      records = 0;
    }

    private void string16(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int len = Math.min(b.length, 1024);
      buf.putShort((short) len).put(b, 0, len);
    }
  }

  /**
   * Checks and decodes one batch at a time. Keeps the journal's flow table, so traffic records
   * resolve to their {@link Flow} without making objects.
   */
  static final class Decoder {

    private final LongMap<Flow> flows = new LongMap<>(1024);
    private final CRC32C crc = new CRC32C();
    private final byte[] addr = new byte[16];
    private SessionEnd end;
    private long records;
    private int headerVersion;

    SessionEnd end() {
      return end;
    }

    long records() {
      return records;
    }

    /** The format version the latest header record was written with. */
    int headerVersion() {
      return headerVersion;
    }

    /** Validates the batch in {@code buf} (position 0, limit = length) and feeds its records. */
    void decode(ByteBuffer buf, EventHandler handler) throws DamagedBatch {
      int length = buf.limit();
      if (length < BATCH_HEADER_BYTES) {
        throw new DamagedBatch("document of " + length + " bytes is too short");
      }
      if (buf.getInt(0) != MAGIC) {
        throw new DamagedBatch("bad magic");
      }
      int version = buf.getShort(4) & 0xffff;
      if (version > VERSION) {
        throw new DamagedBatch("format version " + version, true, version);
      }
      int count = buf.getInt(8);
      int payload = buf.getInt(12);
      if (payload != length - BATCH_HEADER_BYTES || count < 0) {
        throw new DamagedBatch("length mismatch");
      }
      crc.reset();
      crc.update(buf.array(), buf.arrayOffset() + BATCH_HEADER_BYTES, payload);
      if ((int) crc.getValue() != buf.getInt(16)) {
        throw new DamagedBatch("checksum mismatch");
      }
      buf.position(BATCH_HEADER_BYTES);
      try {
        for (int i = 0; i < count; i++) {
          record(buf, handler);
        }
      } catch (BufferUnderflowException | IllegalArgumentException e) {
        throw new DamagedBatch("record runs past its batch");
      }
      if (buf.hasRemaining()) {
        throw new DamagedBatch("bytes left after the last record");
      }
    }

    /** Whether {@code buf} holds a whole batch: magic, length and checksum agree. */
    boolean isIntact(ByteBuffer buf) {
      int length = buf.limit();
      if (length < BATCH_HEADER_BYTES || buf.getInt(0) != MAGIC || buf.getInt(12) != length - BATCH_HEADER_BYTES) {
        return false;
      }
      crc.reset();
      crc.update(buf.array(), buf.arrayOffset() + BATCH_HEADER_BYTES, length - BATCH_HEADER_BYTES);
      return (int) crc.getValue() == buf.getInt(16);
    }

    /**
     * The latest timestamp among the records of an intact batch, read without the flow table (a
     * reader that starts at the journal's end has none); {@link Long#MIN_VALUE} when the batch is
     * not intact or holds a record this version does not know.
     */
    long latestTimestamp(ByteBuffer buf) {
      if (!isIntact(buf)) {
        return Long.MIN_VALUE;
      }
      long latest = Long.MIN_VALUE;
      int count = buf.getInt(8);
      ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(BATCH_HEADER_BYTES);
      try {
        for (int i = 0; i < count; i++) {
          EventKind kind = EventKind.ofCode(b.get());
          if (kind == null) {
            return Long.MIN_VALUE;
          }
          int at = b.position();
          long ts = switch (kind) {
            case SEND, RECV -> b.getLong(at + 8);
            case START -> b.getLong(at + 2);
            default -> b.getLong(at);
          };
          latest = Math.max(latest, ts);
          b.position(at + switch (kind) {
            case SEND, RECV -> 16;
            case FLOW -> 62 + 1 + (b.get(at + 62) & 0xff);
            case STATE -> 34;
            case RTT -> 16;
            case SEED -> 13;
            case TICK -> 8;
            case LOSS -> 17;
            case END -> 24;
            case START -> startLength(b, at);
          });
        }
      } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
        return Long.MIN_VALUE;
      }
      return latest;
    }

    /** A START record's length after its kind byte: version, three longs, four strings. */
    private static int startLength(ByteBuffer b, int at) {
      int p = at + 2 + 8 * 3;
      for (int i = 0; i < 4; i++) {
        p += 2 + (b.getShort(p) & 0xffff);
      }
      return p - at;
    }

    /** Reads only the header record that must open the first batch. */
    SessionStart header(ByteBuffer buf) throws DamagedBatch {
      int length = buf.limit();
      if (length < BATCH_HEADER_BYTES + 1 || buf.getInt(0) != MAGIC) {
        throw new DamagedBatch("no tcptop header");
      }
      int version = buf.getShort(4) & 0xffff;
      if (version > VERSION) {
        throw new DamagedBatch("format version " + version, true, version);
      }
      buf.position(BATCH_HEADER_BYTES);
      if (buf.get() != EventKind.START.code()) {
        throw new DamagedBatch("first record is not a header");
      }
      SessionStart header;
      try {
        header = headerBody(buf);
      } catch (BufferUnderflowException e) {
        throw new DamagedBatch("truncated header");
      }
      if (headerVersion > VERSION) {
        throw new DamagedBatch("format version " + headerVersion, true, headerVersion);
      }
      return header;
    }

    private void record(ByteBuffer b, EventHandler handler) throws DamagedBatch {
      byte code = b.get();
      EventKind kind = EventKind.ofCode(code);
      if (kind == null) {
        throw new DamagedBatch("unknown record kind " + code);
      }
      records++;
      switch (kind) {
        case SEND, RECV -> {
          int bytes = b.getInt();
          Flow flow = flow(b.getInt());
          handler.onTraffic(b.getLong(), flow, kind == EventKind.SEND ? Direction.SEND : Direction.RECV, bytes);
        }
        case FLOW -> {
          Flow f = flowBody(b);
          flows.put(f.id(), f);
          handler.onEvent(f);
        }
        case STATE -> {
          long ts = b.getLong();
          Flow flow = flow(b.getInt());
          TcpState oldState = TcpState.ofKernel(b.get());
          TcpState newState = TcpState.ofKernel(b.get());
          handler.onEvent(new StateChange(ts, flow, oldState, newState, b.getLong(), b.getLong(), b.getInt()));
        }
        case RTT -> {
          long ts = b.getLong();
          handler.onEvent(new RttSample(ts, flow(b.getInt()), b.getInt()));
        }
        case SEED -> {
          long ts = b.getLong();
          handler.onEvent(new Seed(ts, flow(b.getInt()), TcpState.ofKernel(b.get())));
        }
        case TICK -> handler.onEvent(new Tick(b.getLong()));
        case LOSS -> {
          long ts = b.getLong();
          handler.onEvent(new Loss(ts, LossCause.ofOrdinal(b.get()), b.getLong()));
        }
        case END -> {
          end = new SessionEnd(b.getLong(), b.getLong(), b.getLong());
          handler.onEvent(end);
        }
        case START -> handler.onEvent(headerBody(b));
      }
    }

    private Flow flow(int id) throws DamagedBatch {
      Flow f = flows.get(id);
      if (f == null) {
        throw new DamagedBatch("record for undeclared flow " + id);
      }
      return f;
    }

    private SessionStart headerBody(ByteBuffer b) {
      headerVersion = b.getShort() & 0xffff;
      long ts = b.getLong();
      long offset = b.getLong();
      long interval = b.getLong();
      return new SessionStart(ts, string16(b), string16(b), string16(b), offset, interval, string16(b));
    }

    private Flow flowBody(ByteBuffer b) throws DamagedBatch {
      long ts = b.getLong();
      int id = b.getInt();
      long cookie = b.getLong();
      int proto = b.get();
      int family = b.get();
      if (proto < 0 || proto > 1 || (family != 4 && family != 6)) {
        throw new DamagedBatch("flow " + id + " has protocol " + proto + " and family " + family);
      }
      b.get(addr);
      String local = Addresses.format(addr, family);
      int localPort = b.getShort() & 0xffff;
      b.get(addr);
      String remote = Addresses.format(addr, family);
      int remotePort = b.getShort() & 0xffff;
      int pid = b.getInt();
      int commLen = b.get() & 0xff;
      String comm = new String(b.array(), b.arrayOffset() + b.position(), commLen, StandardCharsets.UTF_8);
      b.position(b.position() + commLen);
      return new Flow(ts, id, cookie, Proto.ofOrdinal(proto), family, local, localPort, remote, remotePort, pid, comm);
    }

    private static String string16(ByteBuffer b) {
      int len = b.getShort() & 0xffff;
      String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
      b.position(b.position() + len);
      return s;
    }
  }
}
