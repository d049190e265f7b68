package io.tcptop.bpf.ringbuf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Plays the kernel's part of the ring protocol in plain memory: reserves, writes and commits
 * records, and keeps the second copy of the data area in step as the double mapping would.
 */
final class FakeRing implements AutoCloseable {
    final Arena arena = Arena.ofConfined();
    final MemorySegment consumerPage = arena.allocate(4096, 4096);
    final MemorySegment producerPage = arena.allocate(4096, 4096);
    final MemorySegment data;
    private final long size;
    private long producerPos;

    FakeRing(long size, long startPosition) {
        this.size = size;
        this.data = arena.allocate(2 * size, 4096);
        this.producerPos = startPosition;
        consumerPage.set(ValueLayout.JAVA_LONG, 0, startPosition);
        producerPage.set(ValueLayout.JAVA_LONG, 0, startPosition);
    }

    RingReader reader() {
        return new RingReader(consumerPage, producerPage, data);
    }

    long consumerPos() {
        return consumerPage.get(ValueLayout.JAVA_LONG, 0);
    }

    /** Reserves a record filled with {@code fill} and leaves it BUSY; returns its position. */
    long reserve(int length, byte fill) {
        long position = producerPos;
        putInt(position, RingReader.BUSY | length);
        for (int i = 0; i < length; i++) {
            putByte(position + RingReader.HEADER + i, fill);
        }
        producerPos += (length + RingReader.HEADER + 7) & ~7L;
        producerPage.set(ValueLayout.JAVA_LONG, 0, producerPos);
        return position;
    }

    void submit(long position, boolean discard) {
        int length = getInt(position) & ~RingReader.BUSY;
        putInt(position, discard ? length | RingReader.DISCARD : length);
    }

    long submitted(int length, byte fill) {
        long position = reserve(length, fill);
        submit(position, false);
        return position;
    }

    private void putInt(long position, int value) {
        for (int i = 0; i < 4; i++) {
            putByte(position + i, (byte) (value >>> (8 * i)));
        }
    }

    private int getInt(long position) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value |= Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, (position + i) & (size - 1))) << (8 * i);
        }
        return value;
    }

    /** One byte of the ring, written to both mappings of its page. */
    private void putByte(long position, byte value) {
        long offset = position & (size - 1);
        data.set(ValueLayout.JAVA_BYTE, offset, value);
        data.set(ValueLayout.JAVA_BYTE, offset + size, value);
    }

    @Override
    public void close() {
        arena.close();
    }
}
