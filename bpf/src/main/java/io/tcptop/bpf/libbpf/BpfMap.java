package io.tcptop.bpf.libbpf;

import io.tcptop.bpf.BpfException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** One map of a {@link BpfObject}; valid while the object is open. */
public final class BpfMap {
    private static final int ENOENT = 2;

    private final Libbpf libbpf;
    private final MemorySegment map;
    private final String name;

    BpfMap(Libbpf libbpf, MemorySegment map, String name) {
        this.libbpf = libbpf;
        this.map = map;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The map's file descriptor; valid after load, owned by the object. */
    public int fd() {
        try {
            return (int) libbpf.mapFd.invokeExact(map);
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
    }

    /** Before load: the number of entries (for a ring buffer, its size in bytes). */
    public void setMaxEntries(int maxEntries) {
        int result;
        try {
            result = (int) libbpf.mapSetMaxEntries.invokeExact(map, maxEntries);
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
        if (result < 0) {
            throw new BpfException(BpfException.Reason.INVALID_CONFIG, "cannot size BPF map " + name + " to "
                    + maxEntries + ": " + Libbpf.describeErrno(result));
        }
    }

    /** The number of entries; for a ring buffer its size in bytes, as libbpf rounded it. */
    public long maxEntries() {
        try {
            return Integer.toUnsignedLong((int) libbpf.mapMaxEntries.invokeExact(map));
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
    }

    /**
     * Before load: the writable initial contents of a global-data map ({@code .rodata*},
     * {@code .data*}); what is written here is what the programs see.
     */
    public MemorySegment initialValue() {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment size = temp.allocate(ValueLayout.JAVA_LONG);
            MemorySegment value = (MemorySegment) libbpf.mapInitialValue.invokeExact(map, size);
            if (value.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("BPF map " + name + " has no initial value");
            }
            return value.reinterpret(size.get(ValueLayout.JAVA_LONG, 0));
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
    }

    /**
     * Copies the value at {@code key} into {@code value}.
     *
     * @return false if there is no such key
     * @throws BpfException MAP_ACCESS_FAILED on any other error
     */
    public boolean lookup(MemorySegment key, MemorySegment value) {
        int result;
        try {
            result = (int) libbpf.mapLookupElem.invokeExact(fd(), key, value);
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
        if (result == -ENOENT) {
            return false;
        }
        if (result < 0) {
            throw new BpfException(BpfException.Reason.MAP_ACCESS_FAILED,
                    "cannot read BPF map " + name + ": " + Libbpf.describeErrno(result));
        }
        return true;
    }

    /** Sets {@code key} to {@code value} ({@code BPF_ANY}). */
    public void update(MemorySegment key, MemorySegment value) {
        int result;
        try {
            result = (int) libbpf.mapUpdateElem.invokeExact(fd(), key, value, 0L);
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
        if (result < 0) {
            throw new BpfException(BpfException.Reason.MAP_ACCESS_FAILED,
                    "cannot write BPF map " + name + ": " + Libbpf.describeErrno(result));
        }
    }
}
