package io.tcptop.bpf;

import io.tcptop.bpf.libbpf.BpfLink;
import io.tcptop.bpf.libbpf.BpfMap;
import io.tcptop.bpf.libbpf.BpfObject;
import io.tcptop.bpf.libbpf.BpfProgram;
import io.tcptop.bpf.libbpf.Libbpf;
import io.tcptop.bpf.libbpf.LibbpfLog;
import io.tcptop.bpf.libbpf.ProgramStats;
import io.tcptop.bpf.libc.Libc;
import io.tcptop.bpf.ringbuf.RingBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * tcptop's kernel probes, loaded and attached: every TCP and UDP send and receive, TCP state
 * changes and unconnected UDP peers, delivered as {@link KernelRecord}s through
 * {@link #ringBuffer()}. Closing detaches and unloads everything; so does the death of the
 * process (nothing is pinned).
 */
public final class TcptopProbes implements AutoCloseable {
    /** The compiled program, next to this class; bpf/rebuild-object.sh regenerates it. */
    static final String OBJECT_RESOURCE = "tcptop.bpf.o";
    private static final String CONFIG_MAP = ".rodata.config";
    private static final String RING_MAP = "events";
    private static final String LOST_MAP = "lost";
    private static final String OWNER_CGROUPS_MAP = "owner_cgroups";
    private static final String CONTAINER_CGROUPS_MAP = "container_cgroups";

    private final BpfObject object;
    private final List<BpfProgram> programs;
    private final List<BpfLink> links;
    private final int cgroupFd;
    private final RingBuffer ring;
    private final BpfMap lost;
    private final BpfMap containerCgroups;
    private final int possibleCpus;
    private final Optional<Cgroup2Mount> cgroup2;
    private int containerCount;
    private boolean closed;

    private TcptopProbes(BpfObject object, List<BpfProgram> programs, List<BpfLink> links,
                         int cgroupFd, RingBuffer ring, BpfMap lost, BpfMap containerCgroups, int containerCount,
                         int possibleCpus, Optional<Cgroup2Mount> cgroup2) {
        this.object = object;
        this.programs = programs;
        this.links = links;
        this.cgroupFd = cgroupFd;
        this.ring = ring;
        this.lost = lost;
        this.containerCgroups = containerCgroups;
        this.containerCount = containerCount;
        this.possibleCpus = possibleCpus;
        this.cgroup2 = cgroup2;
    }

    /**
     * Checks that this process can load the probes: kernel BTF, libbpf.so.1 and privileges.
     *
     * @throws BpfException naming the first missing prerequisite and what to do about it
     */
    public static void checkPrerequisites() {
        Prerequisites.check();
    }

    /**
     * Loads the embedded BPF object with {@code config}, attaches all its programs and maps
     * its ring buffer. On a host without a cgroup v2 hierarchy the cgroup programs (the peers of
     * unconnected UDP, UDP releases) are not loaded, and everything else is recorded: see
     * {@link #cgroup2()}.
     *
     * @param libbpfLog receives libbpf's messages one line at a time (including the verifier
     *                  log when loading fails); show them only when asked to be verbose.
     *                  libbpf's print hook is process-wide: the latest open's sink gets them
     * @throws BpfException with a one-line message naming what failed and what to do
     */
    public static TcptopProbes open(ProbeConfig config, Consumer<String> libbpfLog) {
        LibbpfLog.setSink(libbpfLog);
        Prerequisites.check();
        Optional<Cgroup2Mount> cgroup2 = Cgroup2Mount.find();
        if (cgroup2.isEmpty() && config.filtersCgroups()) {
            throw new BpfException(BpfException.Reason.NO_CGROUP2, "filtering by cgroup or container needs a cgroup"
                    + " v2 hierarchy, and none is mounted: mount one (`mount -t cgroup2 none /sys/fs/cgroup/unified`)"
                    + " or filter by --pid or --process instead");
        }
        Libbpf libbpf = Libbpf.get();
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            BpfObject object = BpfObject.open(libbpf, embeddedObject(), "tcptop");
            opened.add(object);
            object.map(RING_MAP).setMaxEntries((int) config.ringSizeBytes());
            KernelRecord.writeConfig(object.map(CONFIG_MAP).initialValue(), config);
            List<BpfProgram> programs = new ArrayList<>();
            for (BpfProgram program : object.programs()) {
                // Without cgroup v2 the cgroup hooks have nowhere to attach: leave them out of the load.
                boolean cgroupHook = program.sectionName().startsWith("cgroup/");
                program.setAutoload(!cgroupHook || cgroup2.isPresent());
                if (!cgroupHook || cgroup2.isPresent()) {
                    programs.add(program);
                }
            }
            object.load();
            fillCgroupMap(object.map(OWNER_CGROUPS_MAP), config.cgroups());
            BpfMap containerCgroups = object.map(CONTAINER_CGROUPS_MAP);
            fillCgroupMap(containerCgroups, config.containers());

            int cgroupFd = cgroup2.isPresent() ? openDirectory(cgroup2.get().mountPoint()) : -1;
            if (cgroupFd >= 0) {
                opened.add(() -> Libc.close(cgroupFd));
            }
            List<BpfLink> links = new ArrayList<>();
            for (BpfProgram program : programs) {
                BpfLink link = program.sectionName().startsWith("cgroup/")
                        ? program.attachCgroup(cgroupFd, cgroup2.get().mountPoint().toString())
                        : program.attach();
                opened.add(link);
                links.add(link);
            }
            BpfMap events = object.map(RING_MAP);
            RingBuffer ring = new RingBuffer(events.fd(), events.maxEntries()); // as libbpf sized it
            opened.add(ring);
            return new TcptopProbes(object, List.copyOf(programs), links, cgroupFd, ring,
                    object.map(LOST_MAP), containerCgroups, config.containers().size(), libbpf.numPossibleCpus(),
                    cgroup2);
        } catch (RuntimeException | Error e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /**
     * Where the cgroup v2 hierarchy is mounted; empty on a host with cgroup v1 only, where the
     * probes know no cgroups and the peers of unconnected UDP sockets are not recorded.
     */
    public Optional<Cgroup2Mount> cgroup2() {
        return cgroup2;
    }

    /**
     * Adds a container's cgroup to the kernel's container filter (a container that started after
     * the probes loaded): its tasks' traffic is recorded from now on.
     *
     * @return false when the filter is full ({@link ProbeConfig#MAX_CGROUPS}) and the cgroup was not added
     * @throws BpfException when the directory cannot be opened (the container is gone) or the map refuses it
     */
    public synchronized boolean addContainerCgroup(Path directory) {
        if (containerCount >= ProbeConfig.MAX_CGROUPS) {
            return false;
        }
        putCgroup(containerCgroups, containerCount, directory);
        containerCount++;
        return true;
    }

    /** The records, read in place; one thread polls it. */
    public RingBuffer ringBuffer() {
        return ring;
    }

    /** Records the kernel could not queue because the ring was full, since open. */
    public long lostRecords() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment perCpu = arena.allocate(ValueLayout.JAVA_LONG, possibleCpus);
            if (!lost.lookup(key, perCpu)) {
                return 0;
            }
            long total = 0;
            for (int cpu = 0; cpu < possibleCpus; cpu++) {
                total += perCpu.getAtIndex(ValueLayout.JAVA_LONG, cpu);
            }
            return total;
        }
    }

    /** Names of the attached programs, e.g. {@code handle_sock_send_length}. */
    public List<String> attachedPrograms() {
        return links.stream().map(BpfLink::program).toList();
    }

    /** Per-program run time and count; non-zero only while {@code kernel.bpf_stats_enabled=1}. */
    public List<ProgramStats> programStats() {
        return programs.stream().map(BpfProgram::stats).toList();
    }

    /** Detaches every program, unmaps the ring and unloads the object. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> all = new ArrayList<>();
        all.add(object);
        if (cgroupFd >= 0) {
            all.add(() -> Libc.close(cgroupFd));
        }
        all.addAll(links);
        all.add(ring);
        closeAll(all, null);
    }

    private static byte[] embeddedObject() {
        try (InputStream in = TcptopProbes.class.getResourceAsStream(OBJECT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the BPF object " + OBJECT_RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded BPF object", e);
        }
    }

    private static void fillCgroupMap(BpfMap map, List<Path> directories) {
        for (int i = 0; i < directories.size(); i++) {
            putCgroup(map, i, directories.get(i));
        }
    }

    /** Stores the cgroup of {@code directory} at {@code index}: the map keeps the cgroup, not the fd. */
    private static void putCgroup(BpfMap map, int index, Path directory) {
        int fd = openDirectory(directory);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocateFrom(ValueLayout.JAVA_INT, index);
            MemorySegment value = arena.allocateFrom(ValueLayout.JAVA_INT, fd);
            map.update(key, value);
        } finally {
            Libc.close(fd);
        }
    }

    private static int openDirectory(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.allocateErrno(arena);
            int fd = Libc.open(errno, arena.allocateFrom(path.toString()),
                    Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw new BpfException(BpfException.Reason.NO_CGROUP2, "cannot open the cgroup " + path
                        + ": " + Libc.describeErrno(Libc.errno(errno)));
            }
            return fd;
        }
    }

    /** Closes in reverse order of opening; the first failure wins, later ones are attached to it. */
    private static void closeAll(List<AutoCloseable> opened, Throwable primary) {
        List<AutoCloseable> reversed = new ArrayList<>(opened);
        Collections.reverse(reversed);
        RuntimeException failure = null;
        for (AutoCloseable resource : reversed) {
            try {
                resource.close();
            } catch (Exception e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
