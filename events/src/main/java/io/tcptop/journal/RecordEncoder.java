package io.tcptop.journal;

import static io.tcptop.journal.JournalFormat.*;

import io.tcptop.event.EventKind;
import io.tcptop.event.Flow;
import io.tcptop.event.Loss;
import io.tcptop.event.RttSample;
import io.tcptop.event.Seed;
import io.tcptop.event.SessionEnd;
import io.tcptop.event.SessionStart;
import io.tcptop.event.StateChange;
import io.tcptop.util.Addresses;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** Encodes records into one reusable batch buffer; the only writer of the layout in {@link JournalFormat}. */
final class RecordEncoder {
  private static final int MAX_RECORD_BYTES = 4 * 1024;
  private static final byte SEND = EventKind.SEND.code();
  private static final byte RECV = EventKind.RECV.code();
  private final ByteBuffer buf =
      ByteBuffer.allocate(BATCH_TARGET_BYTES + MAX_RECORD_BYTES + BATCH_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private final int version;
  private int records;

  /** @param version the format version stamped on every batch and header: {@link JournalFormat#VERSION}, except in tests of old and newer journals */
  RecordEncoder(int version) {
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
