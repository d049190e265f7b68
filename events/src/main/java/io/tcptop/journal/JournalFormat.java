package io.tcptop.journal;

import io.tcptop.event.Cgroup;
import io.tcptop.event.ConnectionSnapshot;
import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.EventKind;
import io.tcptop.event.Flow;
import io.tcptop.event.FlowGone;
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
import io.tcptop.event.Traffic;
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
 * batch:   u32 magic 'TCPJ' | u16 version | u16 flags | u32 records | u32 payload bytes | u32 crc32c(payload) | payload
 *          flags bit 0 KEYFRAME (v2): the batch restates the state for a reader that starts here
 * record:  u8 kind (its {@link io.tcptop.event.EventKind} code), then the kind's fields:
 *   START    u16 version, i64 ts, i64 wallOffsetNs, i64 tickIntervalNs, str host, str kernel, str tool, str filters,
 *            str session, str origin                                   (the last two from v2)
 *   FLOW     i64 ts, i32 id, i64 cookie, u8 proto, u8 family, 16B local, u16 lport, 16B remote, u16 rport, i32 pid,
 *            [i64 cgroup, u32 netns,]  str8 comm                        (the bracketed fields from v3)
 *   SEND     i32 bytes, i32 flow, i64 ts                                   (17 bytes: the common case)
 *   RECV     i32 bytes, i32 flow, i64 ts
 *   STATE    i64 ts, i32 flow, u8 old, u8 new, i64 bytesAcked, i64 bytesReceived, i32 srttUs
 *   RTT      i64 ts, i32 flow, i32 srttUs
 *   SEED     i64 ts, i32 flow, u8 state
 *   TICK     i64 ts
 *   LOSS     i64 ts, u8 cause, i64 count
 *   END      i64 ts, i64 events, i64 lost
 *   FORGET   i64 ts, i32 flow                                          (v2: the flow's id is free again)
 *   CONN     i64 ts, i32 flow, i64 number, i64 bytesIn, i64 bytesOut, i64 firstSeen, i64 lastSeen,
 *            i64 lastTraffic, u8 state, i32 rttUs, u8 partial, i32 rttMin, i32 rttMax, i64 rttSum,
 *            i64 rttCount                                              (v2, key frames only)
 *   CGROUP   i64 id, str path, str8 runtime, str8 container, str8 pod   (v3: precedes the first FLOW naming the id)
 * str = u16 length + UTF-8; str8 = u8 length + UTF-8
 * </pre>
 *
 * <p>A CGROUP record (v3) names a cgroup id once per session: the encoder writes it right before
 * the first FLOW that carries the id (and again in each key frame that describes such a flow), and
 * the decoder keeps the names, so a FLOW's cgroup comes back as its path, runtime, container and
 * pod. It is part of a flow's description, not an event of its own: it is never handed over. A
 * cgroup the recorder could not resolve (it was removed first) has an empty path.
 *
 * <p>A key frame (v2) is one or more KEYFRAME batches: START (the session's header again, at the
 * tick the frame follows), a FLOW for every flow the recorder still knows, and a CONN for every
 * connection open in the aggregator. A rolling recorder writes one after the first TICK of every
 * roll cycle; a dump or a slice starts with one. Readers apply key frames only where they start
 * reading and skip them otherwise. Journals of versions 1 and 2 are read as before: their flows
 * have no cgroup ({@link Cgroup#NONE}) and no network namespace (0).
 */
final class JournalFormat {
  private JournalFormat() {}

  static final int VERSION = 3;
  /** The first version whose FLOW records carry the owner's cgroup and the socket's network namespace. */
  static final int VERSION_CGROUPS = 3;
  /** Batch flag: the batch restates the stream's state for a reader that starts here (a key frame). */
  static final int FLAG_KEYFRAME = 1;
  static final int MAGIC = 0x4A504354; // "TCPJ" read as little-endian
  static final int BATCH_HEADER_BYTES = 20;
  /** A batch is flushed once its payload passes this size; Chronicle caps a document at a quarter of its block. */
  static final int BATCH_TARGET_BYTES = 32 * 1024;
  /** Larger documents cannot have been written by tcptop: treat them as damage. */
  static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

  /**
   * A batch that fails its checks. Either it was rejected whole (nothing of it was handed over,
   * and the reader skips it), or its records went wrong part of the way through ({@link #partlyRead}).
   */
  static final class DamagedBatch extends Exception {
    final boolean newerVersion;
    final int version;
    /** Whether records of the batch were handed over before the damage showed. */
    final boolean partlyRead;
    /** Records of the batch that were not handed over; -1 when the batch does not say. */
    final long recordsLost;

    DamagedBatch(String why) {
      this(why, false, 0, false, -1);
    }

    DamagedBatch(String why, boolean newerVersion, int version) {
      this(why, newerVersion, version, false, -1);
    }

    private DamagedBatch(String why, boolean newerVersion, int version, boolean partlyRead, long recordsLost) {
      super(why, null, false, false);
      this.newerVersion = newerVersion;
      this.version = version;
      this.partlyRead = partlyRead;
      this.recordsLost = recordsLost;
    }

    static DamagedBatch partlyRead(String why, long recordsLost) {
      return new DamagedBatch(why, false, 0, true, recordsLost);
    }
  }

  /**
   * The byte length of the record starting at {@code pos} in a batch of format {@code version},
   * from its kind and, for the kinds with strings, their lengths; -1 for an unknown kind. When a
   * length field lies beyond the buffer's limit, the length returned reaches past the limit.
   */
  static int recordLength(ByteBuffer b, int pos, int version) {
    EventKind kind = EventKind.ofCode(b.get(pos));
    if (kind == null) {
      return -1;
    }
    return switch (kind) {
      case SEND, RECV, RTT -> 17;
      case TICK -> 9;
      case SEED -> 14;
      case LOSS -> 18;
      case END -> 25;
      case STATE -> 35;
      case FORGET -> 13;
      case CONN -> 91;
      case FLOW -> {
        int commAt = version >= VERSION_CGROUPS ? 75 : 63;
        yield pos + commAt < b.limit() ? commAt + 1 + (b.get(pos + commAt) & 0xff) : b.limit() - pos + 1;
      }
      case CGROUP -> {
        int at = pos + 9;
        for (int i = 0; i < 4; i++) {
          int width = i == 0 ? 2 : 1;
          if (at + width > b.limit()) {
            yield b.limit() - pos + 1;
          }
          at += width + (width == 2 ? b.getShort(at) & 0xffff : b.get(at) & 0xff);
        }
        yield at - pos;
      }
      case START -> {
        int at = pos + 27;
        // Version 2 added the session id and origin after the four strings of version 1.
        int strings = pos + 3 <= b.limit() && (b.getShort(pos + 1) & 0xffff) >= 2 ? 6 : 4;
        for (int i = 0; i < strings; i++) {
          if (at + 2 > b.limit()) {
            yield b.limit() - pos + 1;
          }
          at += 2 + (b.getShort(at) & 0xffff);
        }
        yield at - pos;
      }
    };
  }

  /**
   * Where the bytes of a batch that failed its checks stop, if they stop the way a writer that
   * died leaves them: the offset (from the batch's start) of the first record boundary holding a
   * zero, or {@code b.limit()} when the records run on to where the bytes end (the file ends
   * inside the batch). -1 when the records run whole to the batch's end, or when something that
   * is not a record comes first: then the batch was written whole and damaged later.
   *
   * @param b the batch as far as the file holds it, position 0 at its start
   */
  static int cutShortAt(ByteBuffer b) {
    int limit = b.limit();
    if (isZero(b, 0, Math.min(limit, BATCH_HEADER_BYTES))) {
      return 0;
    }
    if (limit < BATCH_HEADER_BYTES) {
      return limit;
    }
    if (b.getInt(0) != MAGIC) {
      return -1;
    }
    long end = BATCH_HEADER_BYTES + (b.getInt(12) & 0xffffffffL);
    int version = b.getShort(4) & 0xffff;
    int pos = BATCH_HEADER_BYTES;
    while (pos < limit && pos < end) {
      if (b.get(pos) == 0) {
        return pos;
      }
      int length = recordLength(b, pos, version);
      if (length < 0) {
        return -1;
      }
      pos += length;
    }
    return limit >= end ? -1 : limit;
  }

  /**
   * The record count in the header of a batch that failed its checks, when the header still
   * looks like one (its magic, or a payload length that fits the {@code bytes} the batch took,
   * -1 when unknown) and the count fits its payload; -1 otherwise.
   */
  static long recordsClaimed(ByteBuffer b, long bytes) {
    if (b.limit() < BATCH_HEADER_BYTES) {
      return -1;
    }
    int count = b.getInt(8);
    long payload = b.getInt(12) & 0xffffffffL;
    boolean fits = bytes >= 0 && BATCH_HEADER_BYTES + payload <= bytes && bytes - BATCH_HEADER_BYTES - payload < 8;
    boolean plausible = count >= 0 && payload <= MAX_DOCUMENT_BYTES && count <= payload / MIN_RECORD_BYTES;
    return (b.getInt(0) == MAGIC || fits) && plausible ? count : -1;
  }

  /** The shortest record (TICK): bounds how many records a payload can hold. */
  private static final int MIN_RECORD_BYTES = 9;

  private static boolean isZero(ByteBuffer b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b.get(i) != 0) {
        return false;
      }
    }
    return true;
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
    private boolean keyframe;
    /** The cgroups named so far since the latest header: a key frame or a new session names them again. */
    private final LongMap<Cgroup> namedCgroups = new LongMap<>(64);

    /** @param version the format version stamped on every batch and header: {@link #VERSION}, except in tests of old and newer journals */
    Encoder(int version) {
      this.version = version;
      buf.position(BATCH_HEADER_BYTES);
    }

    boolean isEmpty() {
      return records == 0;
    }

    int version() {
      return version;
    }

    boolean isFull() {
      return buf.position() - BATCH_HEADER_BYTES >= BATCH_TARGET_BYTES;
    }

    void traffic(boolean send, long ts, int flowId, int bytes) {
      buf.put(send ? SEND : RECV).putInt(bytes).putInt(flowId).putLong(ts);
      records++;
    }

    /** Encodes an event in the record of its kind. */
    void event(Event event) {
      switch (event) {
        case Traffic t -> traffic(t.direction() == Direction.SEND, t.tsNs(), t.flow().id(), t.bytes());
        case Flow f -> flow(f);
        case StateChange s -> state(s);
        case RttSample r -> rtt(r);
        case Seed s -> seed(s);
        case Tick t -> tick(t.tsNs());
        case FlowGone g -> forget(g);
        case ConnectionSnapshot c -> connection(c);
        case Loss l -> loss(l);
        case SessionEnd e -> end(e);
        case SessionStart h -> header(h);
      }
    }

    /** The records of {@code other}, appended as they are. */
    void append(Encoder other) {
      int payload = other.buf.position() - BATCH_HEADER_BYTES;
      buf.put(other.buf.array(), BATCH_HEADER_BYTES, payload);
      records += other.records;
    }

    void header(SessionStart h) {
      namedCgroups.clear();
      buf.put(EventKind.START.code()).putShort((short) version).putLong(h.tsNs())
          .putLong(h.wallClockOffsetNs()).putLong(h.tickIntervalNs());
      string16(h.host());
      string16(h.kernel());
      string16(h.toolVersion());
      string16(h.filters());
      string16(h.session());
      string16(h.origin());
      records++;
    }

    /** Whether the records written from now on, until the next {@link #reset()}, form a key frame. */
    void keyframe(boolean on) {
      keyframe = on;
    }

    void forget(FlowGone g) {
      buf.put(EventKind.FORGET.code()).putLong(g.tsNs()).putInt(g.flowId());
      records++;
    }

    void connection(ConnectionSnapshot c) {
      buf.put(EventKind.CONN.code()).putLong(c.tsNs()).putInt(c.flow().id()).putLong(c.number())
          .putLong(c.bytesIn()).putLong(c.bytesOut()).putLong(c.firstSeenNs()).putLong(c.lastSeenNs())
          .putLong(c.lastTrafficNs()).put((byte) c.state().kernelNumber()).putInt(c.rttUs())
          .put((byte) (c.partial() ? 1 : 0)).putInt(c.rttMinUs()).putInt(c.rttMaxUs())
          .putLong(c.rttSumUs()).putLong(c.rttCount());
      records++;
    }

    /** A flow description, preceded by its cgroup's CGROUP record if no record since the header named it. */
    void flow(Flow f) {
      boolean owners = version >= VERSION_CGROUPS;
      Cgroup cgroup = f.cgroup();
      // Named again when a flow carries another name for the id (resolved since, or scrubbed alike).
      if (owners && cgroup.id() != 0 && !cgroup.equals(namedCgroups.get(cgroup.id()))) {
        cgroup(cgroup);
      }
      buf.put(EventKind.FLOW.code()).putLong(f.tsNs()).putInt(f.id()).putLong(f.cookie())
          .put((byte) f.proto().ordinal()).put((byte) f.family())
          .put(Addresses.parse(f.localAddr(), f.family())).putShort((short) f.localPort())
          .put(Addresses.parse(f.remoteAddr(), f.family())).putShort((short) f.remotePort())
          .putInt(f.pid());
      if (owners) {
        buf.putLong(cgroup.id()).putInt((int) f.netns());
      }
      string8(f.comm());
      records++;
    }

    private void cgroup(Cgroup c) {
      namedCgroups.put(c.id(), c);
      buf.put(EventKind.CGROUP.code()).putLong(c.id());
      string16(c.path());
      string8(c.runtime());
      string8(c.container());
      string8(c.pod());
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
      buf.putInt(0, MAGIC).putShort(4, (short) version).putShort(6, (short) (keyframe ? FLAG_KEYFRAME : 0))
          .putInt(8, records).putInt(12, payload).putInt(16, (int) crc.getValue());
      return BATCH_HEADER_BYTES + payload;
    }

    byte[] array() {
      return buf.array();
    }

    void reset() {
      buf.clear().position(BATCH_HEADER_BYTES);
      records = 0;
      keyframe = false;
    }

    /**
     * Forgets which cgroups it has named: records held back and then dropped ({@link HeldRecords})
     * never reached the journal, so what they named must be named again by the next ones.
     */
    void forgetNamedCgroups() {
      namedCgroups.clear();
    }

    private void string16(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int len = Math.min(b.length, 1024);
      buf.putShort((short) len).put(b, 0, len);
    }

    private void string8(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int len = Math.min(b.length, 255);
      buf.put((byte) len).put(b, 0, len);
    }
  }

  /**
   * Checks and decodes one batch at a time. Keeps the journal's flow table, so traffic records
   * resolve to their {@link Flow} without making objects.
   */
  static final class Decoder {

    private LongMap<Flow> flows = new LongMap<>(1024);
    /** The CGROUP records of the session (or of the key frame it started at), by id. */
    private LongMap<Cgroup> cgroups = new LongMap<>(64);
    private final CRC32C crc = new CRC32C();
    private final byte[] addr = new byte[16];
    private SessionEnd end;
    private long records;
    private long recordsOfLostFlows;
    private int headerVersion;
    /** The format version of the batch being read: it says how a FLOW record is laid out. */
    private int batchVersion;
    /** A pass has applied a header (a first batch, or a key frame where it started). */
    private boolean started;
    /** The batches being applied are the key frame the pass started at. */
    private boolean inKeyFrame;
    private long skippedBeforeKeyFrame;
    /** The batch whose records are being handed over, and the number of the record being read; null between batches. */
    private ByteBuffer batch;
    private int batchRecord;

    /**
     * The decoder's state just after a record, and where that record ends in its batch: what a
     * later reading needs to go on from there ({@link #resume}). Immutable.
     */
    record Mark(LongMap<Flow> flows, LongMap<Cgroup> cgroups, SessionEnd end, long records, long recordsOfLostFlows,
                int headerVersion, boolean started, boolean inKeyFrame, long skippedBeforeKeyFrame, int nextRecord, int nextByte) {}

    /**
     * The state just after the record being handed over, from inside the handler's call; null
     * when no record is being handed over.
     */
    Mark mark() {
      if (batch == null) {
        return null;
      }
      return new Mark(flows.copy(f -> f), cgroups.copy(c -> c), end, records, recordsOfLostFlows, headerVersion, started,
          inKeyFrame, skippedBeforeKeyFrame, batchRecord + 1, batch.position());
    }

    /** The flows {@link #mark()} copies: what a mark costs. */
    int flows() {
      return flows.size();
    }

    SessionEnd end() {
      return end;
    }

    /** Records handed over. */
    long records() {
      return records;
    }

    /** Records skipped because their flow was never described (its FLOW record was lost to damage). */
    long recordsOfLostFlows() {
      return recordsOfLostFlows;
    }

    /** The format version the latest header record was written with. */
    int headerVersion() {
      return headerVersion;
    }

    /** A new pass over the journal: it starts where its first header is. */
    void startPass() {
      started = false;
      inKeyFrame = false;
    }

    /** Batches a pass skipped before its first key frame (the cycles that held their start were deleted). */
    long skippedBeforeKeyFrame() {
      return skippedBeforeKeyFrame;
    }

    /**
     * Whether a pass applies this (intact) batch. A pass from the journal's first record skips the
     * key frames it meets (it has that state already); one that starts mid-journal skips what
     * comes before its first key frame and starts there; a dump or a slice starts with one.
     */
    private boolean applies(ByteBuffer buf) {
      if (isKeyframe(buf)) {
        if (started && !inKeyFrame) {
          return false;
        }
        started = true;
        inKeyFrame = true;
        return true;
      }
      if (!started && !startsWithHeader(buf)) {
        skippedBeforeKeyFrame++;
        return false;
      }
      started = true;
      inKeyFrame = false;
      return true;
    }

    /** Whether the batch in {@code buf} is a key frame (its flags say so; version 1 has none). */
    static boolean isKeyframe(ByteBuffer buf) {
      return buf.limit() >= BATCH_HEADER_BYTES && (buf.getShort(6) & FLAG_KEYFRAME) != 0;
    }

    /** Whether {@code buf} begins like a tcptop batch of a version this reader knows. */
    static boolean isBatchStart(ByteBuffer buf) {
      return buf.limit() >= BATCH_HEADER_BYTES && buf.getInt(0) == MAGIC && (buf.getShort(4) & 0xffff) <= VERSION;
    }

    /** Whether the batch in {@code buf} starts with a session header (a first batch or a key frame). */
    static boolean startsWithHeader(ByteBuffer buf) {
      return buf.limit() > BATCH_HEADER_BYTES && buf.getInt(0) == MAGIC && buf.get(BATCH_HEADER_BYTES) == EventKind.START.code();
    }

    /**
     * Checks the batch in {@code buf} (position 0, limit = length) and feeds its records. A
     * record of a flow that was never described is skipped and counted: its FLOW record was in
     * a damaged batch.
     */
    void decode(ByteBuffer buf, EventHandler handler) throws DamagedBatch {
      String problem = problem(buf);
      if (problem != null) {
        throw new DamagedBatch(problem);
      }
      if (!applies(buf)) {
        return;
      }
      records(buf, handler, 0, BATCH_HEADER_BYTES);
    }

    /** Takes up the state of {@code m}: the next batch to decode is the rest of the one it was taken in ({@link #resume}). */
    void restore(Mark m) {
      flows = m.flows().copy(f -> f);
      cgroups = m.cgroups().copy(c -> c);
      end = m.end();
      records = m.records();
      recordsOfLostFlows = m.recordsOfLostFlows();
      headerVersion = m.headerVersion();
      started = m.started();
      inKeyFrame = m.inKeyFrame();
      skippedBeforeKeyFrame = m.skippedBeforeKeyFrame();
    }

    /** Feeds the records of the batch {@code m} was taken in (in {@code buf} again, checked) from the one after it. */
    void resume(ByteBuffer buf, EventHandler handler, Mark m) throws DamagedBatch {
      records(buf, handler, m.nextRecord(), m.nextByte());
    }

    /** Feeds the records of a checked batch from record number {@code first}, which starts at byte {@code at}. */
    private void records(ByteBuffer buf, EventHandler handler, int first, int at) throws DamagedBatch {
      int count = buf.getInt(8);
      batchVersion = buf.getShort(4) & 0xffff;
      buf.position(at);
      batch = buf;
      batchRecord = first;
      try {
        while (buf.hasRemaining()) {
          record(buf, handler);
          batchRecord++;
        }
      } catch (DamagedBatch d) {
        throw DamagedBatch.partlyRead("record " + (batchRecord + 1) + ": " + d.getMessage(), Math.max(-1, count - batchRecord));
      } catch (BufferUnderflowException | IllegalArgumentException e) {
        throw DamagedBatch.partlyRead("record " + (batchRecord + 1) + " runs past its batch", Math.max(-1, count - batchRecord));
      } finally {
        batch = null;
      }
      if (batchRecord != count) {
        throw DamagedBatch.partlyRead("its header says " + count + " records but it holds " + batchRecord, 0);
      }
    }

    /**
     * Null when {@code buf} holds a whole batch of this journal: magic, version, length and
     * checksum agree. Otherwise what is wrong with it.
     */
    String problem(ByteBuffer buf) {
      int length = buf.limit();
      if (length < BATCH_HEADER_BYTES) {
        return "a document of " + length + " bytes, too short for a batch";
      }
      if (buf.getInt(0) != MAGIC) {
        return "bad magic";
      }
      int version = buf.getShort(4) & 0xffff;
      // A new session may come from another tcptop (a rolling journal continued after an upgrade):
      // its header, which opens the batch, sets the version from there on.
      if (headerVersion != 0 && version != headerVersion && !(version <= VERSION && startsWithHeader(buf))) {
        return "a batch of format version " + version + " in a journal of version " + headerVersion;
      }
      if (buf.getInt(12) != length - BATCH_HEADER_BYTES) {
        return "length mismatch";
      }
      crc.reset();
      crc.update(buf.array(), buf.arrayOffset() + BATCH_HEADER_BYTES, length - BATCH_HEADER_BYTES);
      if ((int) crc.getValue() != buf.getInt(16)) {
        return "checksum mismatch";
      }
      return null;
    }

    /**
     * The latest timestamp among the records of an intact batch, read without the flow table (a
     * reader that starts at the journal's end has none); {@link Long#MIN_VALUE} when the batch is
     * not intact or holds a record this version does not know.
     */
    long latestTimestamp(ByteBuffer buf) {
      if (problem(buf) != null) {
        return Long.MIN_VALUE;
      }
      long latest = Long.MIN_VALUE;
      int count = buf.getInt(8);
      int version = buf.getShort(4) & 0xffff;
      int pos = BATCH_HEADER_BYTES;
      try {
        for (int i = 0; i < count; i++) {
          EventKind kind = EventKind.ofCode(buf.get(pos));
          int length = recordLength(buf, pos, version);
          if (kind == null || length < 0 || pos + length > buf.limit()) {
            return Long.MIN_VALUE;
          }
          // Every record's time is its first long, after the kind byte; traffic and START put a field
          // before it; CGROUP has none (its first long is the cgroup's id).
          long ts = switch (kind) {
            case SEND, RECV -> buf.getLong(pos + 9);
            case START -> buf.getLong(pos + 3);
            case CGROUP -> Long.MIN_VALUE;
            default -> buf.getLong(pos + 1);
          };
          latest = Math.max(latest, ts);
          pos += length;
        }
      } catch (IndexOutOfBoundsException e) {
        return Long.MIN_VALUE;
      }
      return latest;
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

    /**
     * Reads one record and hands it over, unless its flow was never described. Traffic, nearly
     * every record, takes a path of its own: a small method is compiled early and cheaply.
     */
    private void record(ByteBuffer b, EventHandler handler) throws DamagedBatch {
      byte code = b.get();
      if (code == SEND_CODE || code == RECV_CODE) {
        int bytes = b.getInt();
        Flow flow = flows.get(b.getInt());
        long ts = b.getLong();
        if (flow == null) {
          recordsOfLostFlows++;
          return;
        }
        records++;
        handler.onTraffic(ts, flow, code == SEND_CODE ? Direction.SEND : Direction.RECV, bytes);
        return;
      }
      event(b, code, handler);
    }

    private static final byte SEND_CODE = EventKind.SEND.code();
    private static final byte RECV_CODE = EventKind.RECV.code();

    /** Reads a record that is not traffic (its kind's code read already) and hands it over. */
    private void event(ByteBuffer b, byte code, EventHandler handler) throws DamagedBatch {
      EventKind kind = EventKind.ofCode(code);
      if (kind == null) {
        throw new DamagedBatch("unknown record kind " + code);
      }
      if (kind == EventKind.CGROUP) {
        Cgroup c = new Cgroup(b.getLong(), string16(b), string8(b), string8(b), string8(b));
        cgroups.put(c.id(), c);
        return;
      }
      Event event = switch (kind) {
        case FLOW -> {
          Flow f = flowBody(b);
          flows.put(f.id(), f);
          yield f;
        }
        case STATE -> {
          long ts = b.getLong();
          Flow flow = flows.get(b.getInt());
          TcpState oldState = TcpState.ofKernel(b.get());
          TcpState newState = TcpState.ofKernel(b.get());
          long acked = b.getLong();
          long received = b.getLong();
          int srtt = b.getInt();
          yield flow == null ? null : new StateChange(ts, flow, oldState, newState, acked, received, srtt);
        }
        case RTT -> {
          long ts = b.getLong();
          Flow flow = flows.get(b.getInt());
          int srtt = b.getInt();
          yield flow == null ? null : new RttSample(ts, flow, srtt);
        }
        case SEED -> {
          long ts = b.getLong();
          Flow flow = flows.get(b.getInt());
          TcpState state = TcpState.ofKernel(b.get());
          yield flow == null ? null : new Seed(ts, flow, state);
        }
        case TICK -> new Tick(b.getLong());
        case LOSS -> {
          long ts = b.getLong();
          yield new Loss(ts, LossCause.ofOrdinal(b.get()), b.getLong());
        }
        case END -> end = new SessionEnd(b.getLong(), b.getLong(), b.getLong());
        case START -> {
          // A session's flow ids are its own: a new session (or a key frame) describes its flows anew,
          // and names their cgroups again.
          flows.clear();
          cgroups.clear();
          yield headerBody(b);
        }
        case FORGET -> {
          long ts = b.getLong();
          int id = b.getInt();
          flows.remove(id);
          yield new FlowGone(ts, id);
        }
        case CONN -> {
          long ts = b.getLong();
          Flow flow = flows.get(b.getInt());
          ConnectionSnapshot c = new ConnectionSnapshot(ts, flow, b.getLong(), b.getLong(), b.getLong(), b.getLong(),
              b.getLong(), b.getLong(), TcpState.ofKernel(b.get()), b.getInt(), b.get() != 0, b.getInt(),
              b.getInt(), b.getLong(), b.getLong());
          yield flow == null ? null : c;
        }
        case SEND, RECV, CGROUP -> throw new AssertionError(kind);
      };
      if (event == null) {
        recordsOfLostFlows++;
        return;
      }
      records++;
      handler.onEvent(event);
    }

    private SessionStart headerBody(ByteBuffer b) {
      headerVersion = b.getShort() & 0xffff;
      long ts = b.getLong();
      long offset = b.getLong();
      long interval = b.getLong();
      String host = string16(b);
      String kernel = string16(b);
      String tool = string16(b);
      String filters = string16(b);
      if (headerVersion < 2) {
        // Version 1 has no session id: the one it always had is made from its host and start.
        return new SessionStart(ts, host, kernel, tool, offset, interval, filters);
      }
      String session = string16(b);
      String origin = string16(b);
      return new SessionStart(ts, session, origin, host, kernel, tool, offset, interval, filters);
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
      Cgroup cgroup = Cgroup.NONE;
      long netns = 0;
      if (batchVersion >= VERSION_CGROUPS) {
        long cgroupId = b.getLong();
        netns = b.getInt() & 0xffffffffL;
        if (cgroupId != 0) {
          Cgroup named = cgroups.get(cgroupId);
          // Its CGROUP record was in a damaged batch: the id is all that is left.
          cgroup = named != null ? named : Cgroup.unresolved(cgroupId);
        }
      }
      String comm = string8(b);
      return new Flow(ts, id, cookie, Proto.ofOrdinal(proto), family, local, localPort, remote, remotePort, pid, comm,
          cgroup, netns);
    }

    private static String string8(ByteBuffer b) {
      int len = b.get() & 0xff;
      String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
      b.position(b.position() + len);
      return s;
    }

    private static String string16(ByteBuffer b) {
      int len = b.getShort() & 0xffff;
      String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
      b.position(b.position() + len);
      return s;
    }
  }
}
