package io.tcptop.bpf.libbpf;

import io.tcptop.bpf.BpfException;
import io.tcptop.bpf.libc.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A libbpf {@code struct bpf_object}: an ELF BPF object opened from memory, configured, then
 * loaded into the kernel. Closing it unloads its programs and maps (links must be closed
 * first, or they keep the programs alive).
 */
public final class BpfObject implements AutoCloseable {
    private static final int EPERM = 1;

    private final Libbpf libbpf;
    /** Holds the ELF image and the name, which libbpf may read until close. */
    private final Arena arena;
    private final String name;
    private MemorySegment object;

    private BpfObject(Libbpf libbpf, Arena arena, String name, MemorySegment object) {
        this.libbpf = libbpf;
        this.arena = arena;
        this.name = name;
        this.object = object;
    }

    /**
     * Parses an ELF BPF object held in memory (nothing reaches the kernel yet).
     *
     * @throws BpfException LOAD_FAILED if libbpf cannot parse it
     */
    public static BpfObject open(Libbpf libbpf, byte[] elf, String name) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment image = arena.allocate(elf.length, 8);
            MemorySegment.copy(elf, 0, image, ValueLayout.JAVA_BYTE, 0, elf.length);
            // struct bpf_object_open_opts: size_t sz; const char *object_name; (the rest zero)
            MemorySegment opts = arena.allocate(16, 8);
            opts.set(ValueLayout.JAVA_LONG, 0, opts.byteSize());
            opts.set(ValueLayout.ADDRESS, 8, arena.allocateFrom(name));
            MemorySegment errno = Libc.allocateErrno(arena);
            LibbpfLog.clearWarnings();
            MemorySegment object = (MemorySegment) libbpf.objectOpenMem.invokeExact(errno, image, (long) elf.length, opts);
            if (object.equals(MemorySegment.NULL)) {
                throw new BpfException(BpfException.Reason.LOAD_FAILED, "libbpf cannot parse the BPF object "
                        + name + ": " + Libbpf.describeErrno(Libc.errno(errno)) + explanation());
            }
            return new BpfObject(libbpf, arena, name, object);
        } catch (Throwable t) {
            arena.close();
            throw t instanceof BpfException b ? b : Unexpected.of(t);
        }
    }

    /** The programs, in the object's order (subprograms excluded). */
    public List<BpfProgram> programs() {
        List<BpfProgram> programs = new ArrayList<>();
        try {
            MemorySegment program = (MemorySegment) libbpf.objectNextProgram.invokeExact(live(), MemorySegment.NULL);
            while (!program.equals(MemorySegment.NULL)) {
                programs.add(new BpfProgram(libbpf, program));
                program = (MemorySegment) libbpf.objectNextProgram.invokeExact(live(), program);
            }
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
        return programs;
    }

    /** @throws IllegalArgumentException if there is no such map: the object and its user disagree */
    public BpfMap map(String mapName) {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment map = (MemorySegment) libbpf.objectFindMapByName.invokeExact(live(), temp.allocateFrom(mapName));
            if (map.equals(MemorySegment.NULL)) {
                throw new IllegalArgumentException("BPF object " + name + " has no map " + mapName);
            }
            return new BpfMap(libbpf, map, mapName);
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
    }

    /**
     * Creates the maps and loads the programs into the kernel (the verifier runs here).
     *
     * @throws BpfException NOT_PERMITTED on EPERM, else LOAD_FAILED
     */
    public void load() {
        int result;
        LibbpfLog.clearWarnings();
        try {
            result = (int) libbpf.objectLoad.invokeExact(live());
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
        if (result == -EPERM) {
            throw BpfException.notPermitted("the kernel refused to load the BPF programs (EPERM)");
        }
        if (result < 0) {
            throw new BpfException(BpfException.Reason.LOAD_FAILED, "the kernel refused to load the BPF object "
                    + name + ": " + Libbpf.describeErrno(result) + explanation());
        }
    }

    @Override
    public void close() {
        if (object == null) {
            return;
        }
        try {
            libbpf.objectClose.invokeExact(object);
        } catch (Throwable t) {
            throw Unexpected.of(t);
        } finally {
            object = null;
            arena.close();
        }
    }

    private MemorySegment live() {
        if (object == null) {
            throw new IllegalStateException("BPF object " + name + " is closed");
        }
        return object;
    }

    /** libbpf's first warning names the failing program and step; the full log went to the sink. */
    static String explanation() {
        String warning = LibbpfLog.firstWarning();
        return warning == null ? "" : " [" + warning + "]";
    }
}
