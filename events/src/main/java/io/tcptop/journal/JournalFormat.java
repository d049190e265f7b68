package io.tcptop.journal;

/**
 * The byte layout of a journal, stated once. A journal is a Chronicle Queue whose documents are
 * batches of records; each batch carries its own magic, version and CRC32C, because Chronicle
 * does not notice damaged files. All integers are little-endian.
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

  public static final int VERSION = 1;
  public static final int MAGIC = 0x4A504354; // "TCPJ" read as little-endian
  public static final int BATCH_HEADER_BYTES = 20;
  /** A batch is flushed once its payload passes this size; Chronicle caps a document at a quarter of its block. */
  public static final int BATCH_TARGET_BYTES = 32 * 1024;
  /** Larger documents cannot have been written by tcptop: treat them as damage. */
  public static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

  public static final int TRAFFIC_RECORD_BYTES = 17;
}
