package io.tcptop.bpf.ringbuf;

import io.tcptop.bpf.BpfException;
import io.tcptop.bpf.libc.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads a BPF ring buffer map by mapping it into this process, the way libbpf's ring_buffer
 * does, but without a native callback per record: records are read in place
 * ({@link RingReader} has the protocol). One thread consumes; the hot path allocates nothing.
 *
 * <p>The map's pages: page 0 holds consumer_pos (mapped writable), page 1 producer_pos, then
 * the data, which the kernel maps twice in a row (so {@code page + 2 * size} bytes, read-only).
 */
public final class RingBuffer implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final RingReader reader;
    private final int epollFd;
    private final MemorySegment epollEvents;
    private final MemorySegment errno;
    private boolean closed;

    /**
     * Maps the ring buffer map open at {@code mapFd} (which stays owned by the caller).
     *
     * @param sizeBytes the map's size (max_entries): a power of two
     * @throws BpfException MAP_ACCESS_FAILED if mapping or epoll setup fails
     */
    public RingBuffer(int mapFd, long sizeBytes) {
        if (Long.bitCount(sizeBytes) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two: " + sizeBytes);
        }
        long page = Libc.pageSize();
        this.errno = Libc.allocateErrno(arena);
        int epoll = -1;
        try {
            MemorySegment consumerPage = map(mapFd, page, Libc.PROT_READ | Libc.PROT_WRITE, 0, "consumer page");
            MemorySegment producerPage = map(mapFd, page + 2 * sizeBytes, Libc.PROT_READ, page, "data pages");
            this.reader = new RingReader(consumerPage, producerPage, producerPage.asSlice(page, 2 * sizeBytes));
            epoll = Libc.epollCreate1(errno, Libc.EPOLL_CLOEXEC);
            if (epoll < 0) {
                throw failure("epoll_create1", Libc.errno(errno));
            }
            MemorySegment event = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
            Libc.epollEventIn(event);
            if (Libc.epollCtl(errno, epoll, Libc.EPOLL_CTL_ADD, mapFd, event) < 0) {
                throw failure("epoll_ctl on the ring buffer", Libc.errno(errno));
            }
            this.epollFd = epoll;
            this.epollEvents = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
        } catch (RuntimeException | Error e) {
            if (epoll >= 0) {
                Libc.close(epoll);
            }
            arena.close();
            throw e;
        }
    }

    /**
     * Handles the records already queued; if there were none, waits up to
     * {@code timeoutMillis} for the producer's wakeup and handles what arrived by then.
     * The producer wakes us only once a batch is queued, so a timeout is how a trickle
     * gets read: it bounds how late a record can be. Stops after about one ring's worth so
     * that the caller regains control under sustained load.
     *
     * @return the number of records handled (discarded ones are skipped, not counted)
     * @throws BpfException MAP_ACCESS_FAILED if waiting fails
     */
    public int poll(int timeoutMillis, RecordHandler handler) {
        int handled = drain(handler);
        if (handled > 0 || timeoutMillis == 0) {
            return handled;
        }
        int ready = Libc.epollWait(errno, epollFd, epollEvents, 1, timeoutMillis);
        if (ready < 0 && Libc.errno(errno) != Libc.EINTR) {
            throw failure("epoll_wait on the ring buffer", Libc.errno(errno));
        }
        return drain(handler);
    }

    /**
     * Handles every record queued now, without waiting (at most about one ring's worth).
     * A handler that throws still consumes its record; the exception propagates.
     *
     * @return the number of records handled
     */
    public int drain(RecordHandler handler) {
        checkOpen();
        return reader.drain(handler);
    }

    /** Bytes the producer has queued that are not consumed yet. */
    public long pendingBytes() {
        checkOpen();
        return reader.pendingBytes();
    }

    /** Unmaps the ring. Call it from the consuming thread, or after that thread stopped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(epollFd);
        arena.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("ring buffer is closed");
        }
    }

    private MemorySegment map(int fd, long length, int prot, long offset, String what) {
        MemorySegment address = Libc.mmap(errno, length, prot, fd, offset);
        if (address.equals(MemorySegment.NULL)) {
            throw failure("mmap of the ring buffer's " + what, Libc.errno(errno));
        }
        long base = address.address();
        return address.reinterpret(length, arena, unused -> Libc.munmap(base, length));
    }

    private static BpfException failure(String what, int errno) {
        return new BpfException(BpfException.Reason.MAP_ACCESS_FAILED, what + " failed: " + Libc.describeErrno(errno));
    }
}
