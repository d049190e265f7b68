package io.tcptop.bpf.libbpf;

import io.tcptop.bpf.BpfException;
import io.tcptop.bpf.libc.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** One program of a {@link BpfObject}; valid while the object is open. */
public final class BpfProgram {
    private static final int EPERM = 1;
    // struct bpf_prog_info (uapi, append-only): the fields filled when kernel.bpf_stats_enabled=1
    private static final int INFO_RUN_TIME_NS = 192;
    private static final int INFO_RUN_CNT = 200;
    private static final int INFO_LENGTH = 208;

    private final Libbpf libbpf;
    private final MemorySegment program;
    private final String name;
    private final String sectionName;

    BpfProgram(Libbpf libbpf, MemorySegment program) {
        this.libbpf = libbpf;
        this.program = program;
        try {
            this.name = Libbpf.string((MemorySegment) libbpf.programName.invokeExact(program));
            this.sectionName = Libbpf.string((MemorySegment) libbpf.programSectionName.invokeExact(program));
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
    }

    /** The C function's name, e.g. {@code handle_sock_send_length}. */
    public String name() {
        return name;
    }

    /** The ELF section, which says the hook: {@code tp_btf/sock_send_length}, {@code cgroup/sendmsg4}. */
    public String sectionName() {
        return sectionName;
    }

    /** Before load: whether {@link BpfObject#load()} loads this program at all. */
    public void setAutoload(boolean autoload) {
        try {
            int ignored = (int) libbpf.programSetAutoload.invokeExact(program, autoload);
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
    }

    /**
     * Attaches to the hook its section names (tracepoints and the like).
     *
     * @throws BpfException NOT_PERMITTED on EPERM, else ATTACH_FAILED naming the program
     */
    public BpfLink attach() {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment errno = Libc.allocateErrno(temp);
            LibbpfLog.clearWarnings();
            MemorySegment link = (MemorySegment) libbpf.programAttach.invokeExact(errno, program);
            return linkOrThrow(link, Libc.errno(errno), "");
        } catch (Throwable t) {
            throw t instanceof BpfException b ? b : Unexpected.of(t);
        }
    }

    /**
     * Attaches a cgroup program to the cgroup open at {@code cgroupFd}, through a BPF link so
     * that it is detached when the link is closed or this process dies.
     */
    public BpfLink attachCgroup(int cgroupFd, String cgroupPath) {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment errno = Libc.allocateErrno(temp);
            LibbpfLog.clearWarnings();
            MemorySegment link = (MemorySegment) libbpf.programAttachCgroup.invokeExact(errno, program, cgroupFd);
            return linkOrThrow(link, Libc.errno(errno), " to cgroup " + cgroupPath);
        } catch (Throwable t) {
            throw t instanceof BpfException b ? b : Unexpected.of(t);
        }
    }

    /**
     * Time spent in this program and how often it ran, counted only while
     * {@code kernel.bpf_stats_enabled=1} (zero otherwise).
     */
    public ProgramStats stats() {
        try (Arena temp = Arena.ofConfined()) {
            int fd = (int) libbpf.programFd.invokeExact(program);
            MemorySegment info = temp.allocate(INFO_LENGTH, 8);
            MemorySegment length = temp.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, INFO_LENGTH);
            int result = (int) libbpf.objGetInfoByFd.invokeExact(fd, info, length);
            if (result < 0) {
                throw new BpfException(BpfException.Reason.MAP_ACCESS_FAILED,
                        "cannot read statistics of BPF program " + name + ": " + Libbpf.describeErrno(result));
            }
            return new ProgramStats(name, info.get(ValueLayout.JAVA_LONG, INFO_RUN_TIME_NS),
                    info.get(ValueLayout.JAVA_LONG, INFO_RUN_CNT));
        } catch (Throwable t) {
            throw t instanceof BpfException b ? b : Unexpected.of(t);
        }
    }

    private BpfLink linkOrThrow(MemorySegment link, int errno, String target) {
        if (!link.equals(MemorySegment.NULL)) {
            return new BpfLink(libbpf, link, name);
        }
        String what = "attaching BPF program " + name + " (" + sectionName + ")" + target + " failed: "
                + Libbpf.describeErrno(errno);
        if (errno == EPERM) {
            throw BpfException.notPermitted(what);
        }
        throw new BpfException(BpfException.Reason.ATTACH_FAILED, what + BpfObject.explanation());
    }
}
