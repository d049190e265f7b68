package io.tcptop.journal;

import static io.tcptop.journal.JournalFormat.*;

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
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Checks and decodes one batch at a time, the only reader of the layout in {@link JournalFormat}.
 * Keeps the journal's flow table, so traffic records resolve to their {@link Flow} without
 * making objects.
 */
final class BatchDecoder {

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
