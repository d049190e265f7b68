package io.tcptop.bpf.ringbuf;

import java.lang.foreign.MemorySegment;

/**
 * Receives ring-buffer records in place. The bytes are valid only during the call: the
 * producer may overwrite them as soon as it returns. Copy what must outlive it.
 */
@FunctionalInterface
public interface RecordHandler {
    /**
     * @param data   the ring's data area (mapped twice, so a record is never split)
     * @param offset where this record's payload starts in {@code data}
     * @param length the payload's length in bytes
     */
    void onRecord(MemorySegment data, long offset, int length);
}
