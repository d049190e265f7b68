package io.tcptop.bpf;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the probes record, decided in the kernel before anything reaches the ring buffer.
 *
 * @param ringSizeBytes   ring buffer size: a power of two, at least one page
 * @param wakeupBytes     the reader is woken each time another this many bytes have queued; a
 *                        trickle below that is seen when its poll times out; 0 wakes it for every
 *                        record, which costs the traced process 1-2 us per send (at most
 *                        {@code ringSizeBytes / 2})
 * @param pids            record only these processes (tgid); empty records all. TCP state changes,
 *                        which run in softirq context, pass if the socket was connected, listened
 *                        on or used by one of them, or accepted from such a listener
 * @param ports           record only sockets with one of these local or remote ports; empty
 *                        records all
 * @param tcp             record TCP sockets
 * @param udp             record UDP sockets (at least one of the two)
 * @param netns           record only sockets in these network namespaces (inode numbers); empty
 *                        records all
 * @param cgroups         record only tasks in these cgroup v2 directories or below them (and the
 *                        state changes of their sockets, as for {@code pids}); empty records all
 * @param containerFilter record only tasks in the cgroups of {@code containers} or below them, and
 *                        in those added while recording ({@link TcptopProbes#addContainerCgroup});
 *                        none at all while there is none
 * @param containers      the container cgroup directories known when the probes load
 */
public record ProbeConfig(long ringSizeBytes, long wakeupBytes, Set<Integer> pids, Set<Integer> ports,
                          boolean tcp, boolean udp, Set<Long> netns, List<Path> cgroups, boolean containerFilter,
                          List<Path> containers) {
    public static final long DEFAULT_RING_SIZE_BYTES = 64L << 20;
    public static final long DEFAULT_WAKEUP_BYTES = 256L << 10;
    public static final int MAX_PIDS = KernelRecord.CONFIG_MAX_PIDS;
    public static final int MAX_PORTS = KernelRecord.CONFIG_MAX_PORTS;
    public static final int MAX_NETNS = KernelRecord.CONFIG_MAX_NETNS;
    /** Cgroups each cgroup filter holds (--cgroup's, and --container's including those added later). */
    public static final int MAX_CGROUPS = KernelRecord.CONFIG_MAX_CGROUPS;
    private static final long MAX_RING_SIZE_BYTES = 1L << 30;

    /** @throws BpfException with reason INVALID_CONFIG when a value is out of range */
    public ProbeConfig {
        pids = Set.copyOf(pids);
        ports = Set.copyOf(ports);
        netns = Set.copyOf(netns);
        cgroups = List.copyOf(cgroups);
        containers = List.copyOf(containers);
        if (ringSizeBytes < 4096 || ringSizeBytes > MAX_RING_SIZE_BYTES || Long.bitCount(ringSizeBytes) != 1) {
            throw invalid("ring size must be a power of two between 4 KiB and 1 GiB, not " + ringSizeBytes);
        }
        if (wakeupBytes < 0 || wakeupBytes > ringSizeBytes / 2) {
            throw invalid("wakeup threshold must be between 0 and half the ring size, not " + wakeupBytes);
        }
        if (pids.size() > MAX_PIDS || pids.stream().anyMatch(p -> p <= 0)) {
            throw invalid("give at most " + MAX_PIDS + " positive pids, not " + pids);
        }
        if (ports.size() > MAX_PORTS || ports.stream().anyMatch(p -> p <= 0 || p > 65535)) {
            throw invalid("give at most " + MAX_PORTS + " ports between 1 and 65535, not " + ports);
        }
        if (netns.size() > MAX_NETNS || netns.stream().anyMatch(n -> n <= 0 || n > 0xffff_ffffL)) {
            throw invalid("give at most " + MAX_NETNS + " network namespace inodes between 1 and 4294967295, not " + netns);
        }
        if (cgroups.size() > MAX_CGROUPS || containers.size() > MAX_CGROUPS) {
            throw invalid("a cgroup filter holds at most " + MAX_CGROUPS + " cgroups");
        }
        if (!containerFilter && !containers.isEmpty()) {
            throw invalid("container cgroups without the container filter");
        }
        if (!tcp && !udp) {
            throw invalid("choose at least one protocol (tcp, udp)");
        }
    }

    /** Everything, TCP and UDP, a 64 MiB ring woken every 256 KiB. */
    public static ProbeConfig defaults() {
        return new ProbeConfig(DEFAULT_RING_SIZE_BYTES, DEFAULT_WAKEUP_BYTES, Set.of(), Set.of(),
                true, true, Set.of(), List.of(), false, List.of());
    }

    /** Whether a filter needs the cgroup v2 hierarchy. */
    public boolean filtersCgroups() {
        return !cgroups.isEmpty() || containerFilter;
    }

    public ProbeConfig withRingSizeBytes(long bytes) {
        return new ProbeConfig(bytes, Math.min(wakeupBytes, bytes / 2), pids, ports, tcp, udp, netns, cgroups,
                containerFilter, containers);
    }

    public ProbeConfig withWakeupBytes(long bytes) {
        return new ProbeConfig(ringSizeBytes, bytes, pids, ports, tcp, udp, netns, cgroups, containerFilter, containers);
    }

    public ProbeConfig withPids(Set<Integer> onlyPids) {
        return new ProbeConfig(ringSizeBytes, wakeupBytes, onlyPids, ports, tcp, udp, netns, cgroups, containerFilter,
                containers);
    }

    public ProbeConfig withPorts(Set<Integer> onlyPorts) {
        return new ProbeConfig(ringSizeBytes, wakeupBytes, pids, onlyPorts, tcp, udp, netns, cgroups, containerFilter,
                containers);
    }

    public ProbeConfig withProtocols(boolean recordTcp, boolean recordUdp) {
        return new ProbeConfig(ringSizeBytes, wakeupBytes, pids, ports, recordTcp, recordUdp, netns, cgroups,
                containerFilter, containers);
    }

    public ProbeConfig withNetns(Set<Long> onlyNetns) {
        return new ProbeConfig(ringSizeBytes, wakeupBytes, pids, ports, tcp, udp, onlyNetns, cgroups, containerFilter,
                containers);
    }

    /** Only tasks in these cgroup directories (below the cgroup v2 mount) or below them. */
    public ProbeConfig withCgroups(List<Path> directories) {
        return new ProbeConfig(ringSizeBytes, wakeupBytes, pids, ports, tcp, udp, netns, directories, containerFilter,
                containers);
    }

    /** Only tasks in these containers' cgroups (more may be added while recording). */
    public ProbeConfig withContainers(List<Path> directories) {
        return new ProbeConfig(ringSizeBytes, wakeupBytes, pids, ports, tcp, udp, netns, cgroups, true, directories);
    }

    private static BpfException invalid(String message) {
        return new BpfException(BpfException.Reason.INVALID_CONFIG, message);
    }
}
