package io.tcptop.bpf.ringbuf;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The consumer side of the ring protocol, against a ring written by {@link FakeRing}. */
class RingReaderTest {
    private final List<String> seen = new ArrayList<>();

    /** Records each record as "length:first byte:last byte". */
    private final RecordHandler handler = (data, offset, length) -> seen.add(length + ":"
            + data.get(ValueLayout.JAVA_BYTE, offset) + ":" + data.get(ValueLayout.JAVA_BYTE, offset + length - 1));

    @Test
    void deliversSubmittedRecordsInOrderAndReleasesTheirAlignedSpace() {
        try (FakeRing ring = new FakeRing(4096, 0)) {
            ring.submitted(40, (byte) 1);
            ring.submitted(96, (byte) 2);
            ring.submitted(5, (byte) 3);
            RingReader reader = ring.reader();

            assertEquals(3, reader.drain(handler));
            assertEquals(List.of("40:1:1", "96:2:2", "5:3:3"), seen);
            assertEquals(48 + 104 + 16, ring.consumerPos());
            assertEquals(0, reader.pendingBytes());
            assertEquals(0, reader.drain(handler));
        }
    }

    @Test
    void skipsDiscardedRecordsButReleasesTheirSpace() {
        try (FakeRing ring = new FakeRing(4096, 0)) {
            ring.submitted(8, (byte) 1);
            ring.submit(ring.reserve(16, (byte) 2), true);
            ring.submitted(8, (byte) 3);

            assertEquals(2, ring.reader().drain(handler));
            assertEquals(List.of("8:1:1", "8:3:3"), seen);
            assertEquals(16 + 24 + 16, ring.consumerPos());
        }
    }

    @Test
    void stopsAtARecordStillBeingWrittenAndResumesOnceSubmitted() {
        try (FakeRing ring = new FakeRing(4096, 0)) {
            ring.submitted(8, (byte) 1);
            long busy = ring.reserve(8, (byte) 2);
            ring.submitted(8, (byte) 3);
            RingReader reader = ring.reader();

            assertEquals(1, reader.drain(handler));
            assertEquals(16, ring.consumerPos());
            ring.submit(busy, false);
            assertEquals(2, reader.drain(handler));
            assertEquals(List.of("8:1:1", "8:2:2", "8:3:3"), seen);
        }
    }

    @Test
    void readsARecordThatWrapsAroundTheEndInOnePiece() {
        long nearTheEnd = 3 * 4096L - 16; // positions keep growing; this one is 16 bytes before a wrap
        try (FakeRing ring = new FakeRing(4096, nearTheEnd)) {
            ring.submitted(40, (byte) 7);
            List<Long> offsets = new ArrayList<>();

            assertEquals(1, ring.reader().drain((data, offset, length) -> {
                offsets.add(offset);
                MemorySegment payload = data.asSlice(offset, length);
                for (int i = 0; i < length; i++) {
                    assertEquals(7, payload.get(ValueLayout.JAVA_BYTE, i), "payload byte " + i);
                }
            }));
            assertEquals(List.of(4096L - 16 + 8), offsets);
            assertEquals(nearTheEnd + 48, ring.consumerPos());
        }
    }

    @Test
    void aHandlerThatThrowsStillConsumesItsRecord() {
        try (FakeRing ring = new FakeRing(4096, 0)) {
            ring.submitted(8, (byte) 1);
            ring.submitted(8, (byte) 2);
            RingReader reader = ring.reader();

            assertThrows(IllegalStateException.class, () -> reader.drain((data, offset, length) -> {
                throw new IllegalStateException("handler bug");
            }));
            assertEquals(16, ring.consumerPos());
            assertEquals(1, reader.drain(handler));
            assertEquals(List.of("8:2:2"), seen);
        }
    }
}
