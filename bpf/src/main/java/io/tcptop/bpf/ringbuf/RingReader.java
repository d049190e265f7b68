package io.tcptop.bpf.ringbuf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The consumer side of the BPF ring buffer protocol (kernel/bpf/ringbuf.c), over memory that
 * {@link RingBuffer} maps: {@code consumer_pos} in its own page (we write it), {@code
 * producer_pos} in another (the kernel writes it), and the data area mapped twice in a row so
 * that a record wrapping around the end reads as one piece.
 *
 * <p>Each record: an 8-byte header whose first u32 is the payload length with bit 31 BUSY
 * (reserved, not yet submitted) and bit 30 DISCARD, then the payload; records are 8-byte
 * aligned. Positions only grow; a position's offset is {@code position & (size - 1)}.
 * Positions are read with acquire and consumer_pos published with release, pairing with the
 * kernel's release of the header and acquire of consumer_pos.
 */
final class RingReader {
    static final int BUSY = 1 << 31;
    static final int DISCARD = 1 << 30;
    static final int HEADER = 8;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment consumerPage;
    private final MemorySegment producerPage;
    private final MemorySegment data;
    private final long mask;
    private long consumerPos;

    /**
     * @param data the data area, {@code 2 * size} bytes: the ring, then the same pages again
     */
    RingReader(MemorySegment consumerPage, MemorySegment producerPage, MemorySegment data) {
        long size = data.byteSize() / 2;
        if (Long.bitCount(size) != 1 || data.byteSize() != 2 * size) {
            throw new IllegalArgumentException("data must be twice a power-of-two ring size: " + data.byteSize());
        }
        this.consumerPage = consumerPage;
        this.producerPage = producerPage;
        this.data = data;
        this.mask = size - 1;
        this.consumerPos = (long) LONG.getAcquire(consumerPage, 0L);
    }

    /**
     * Hands every submitted record to {@code handler}, in order, up to the first one still
     * being written, and at most about one ring's worth so that the caller regains control
     * under sustained load. A handler that throws still consumes its record.
     *
     * @return the number of records handled (discarded ones are skipped, not counted)
     */
    int drain(RecordHandler handler) {
        int handled = 0;
        long limit = consumerPos + mask + 1;
        long producerPos = (long) LONG.getAcquire(producerPage, 0L);
        while (consumerPos < producerPos && consumerPos < limit) {
            long header = consumerPos & mask;
            int word = (int) INT.getAcquire(data, header);
            if ((word & BUSY) != 0) {
                break; // reserved but not submitted yet: later records wait behind it
            }
            int length = word & ~(BUSY | DISCARD);
            long next = consumerPos + ((length + HEADER + 7) & ~7L);
            try {
                if ((word & DISCARD) == 0) {
                    handled++;
                    handler.onRecord(data, header + HEADER, length);
                }
            } finally {
                // Release each record at once, so the producer can reuse its space while we work.
                consumerPos = next;
                LONG.setRelease(consumerPage, 0L, next);
            }
            if (consumerPos >= producerPos) {
                producerPos = (long) LONG.getAcquire(producerPage, 0L);
            }
        }
        return handled;
    }

    /** Bytes the producer has queued that are not consumed yet. */
    long pendingBytes() {
        return (long) LONG.getAcquire(producerPage, 0L) - consumerPos;
    }
}
