package io.tcptop.bpf.libbpf;

import java.lang.foreign.MemorySegment;

/** An attachment of a program to its hook; closing it detaches the program. */
public final class BpfLink implements AutoCloseable {
    private final Libbpf libbpf;
    private final String program;
    private MemorySegment link;

    BpfLink(Libbpf libbpf, MemorySegment link, String program) {
        this.libbpf = libbpf;
        this.link = link;
        this.program = program;
    }

    /** The name of the attached program. */
    public String program() {
        return program;
    }

    @Override
    public void close() {
        if (link == null) {
            return;
        }
        try {
            int ignored = (int) libbpf.linkDestroy.invokeExact(link);
        } catch (Throwable t) {
            throw Unexpected.of(t);
        } finally {
            link = null;
        }
    }
}
