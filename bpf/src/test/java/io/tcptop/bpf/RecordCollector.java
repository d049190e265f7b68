package io.tcptop.bpf;

import io.tcptop.bpf.ringbuf.RecordHandler;
import io.tcptop.bpf.ringbuf.RingBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Copies every record out of the ring (tests may allocate) and polls until a condition holds. */
final class RecordCollector implements RecordHandler {
    private final List<Captured> records = new ArrayList<>();

    @Override
    public void onRecord(MemorySegment data, long offset, int length) {
        byte[] copy = new byte[length];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, copy, 0, length);
        records.add(new Captured(copy));
    }

    List<Captured> records() {
        return records;
    }

    void clear() {
        records.clear();
    }

    /** Polls until {@code done} holds for the records so far, or fails after {@code timeout}. */
    void pollUntil(RingBuffer ring, Duration timeout, Predicate<List<Captured>> done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; got "
                        + records.size() + " records");
            }
            ring.poll(20, this);
        }
    }

    /** Drains what is queued and forgets everything seen so far. */
    void discardQueued(RingBuffer ring) {
        ring.drain(this);
        records.clear();
    }
}
