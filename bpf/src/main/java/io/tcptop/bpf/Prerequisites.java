package io.tcptop.bpf;

import io.tcptop.bpf.libbpf.Libbpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold before loading can work, checked up front so that the user hears the cause
 * in one line rather than the kernel's EPERM or libbpf's guesses.
 */
final class Prerequisites {
    static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private Prerequisites() {
    }

    /**
     * A cgroup v2 hierarchy is not needed: without one the probes record everything but the owners'
     * cgroups and the peers of unconnected UDP sockets (see {@link TcptopProbes#open}).
     *
     * @throws BpfException NO_KERNEL_BTF, LIBBPF_MISSING or NOT_PERMITTED
     */
    static void check() {
        if (!Files.isReadable(KERNEL_BTF)) {
            throw new BpfException(BpfException.Reason.NO_KERNEL_BTF, "this kernel has no BTF ("
                    + KERNEL_BTF + " is missing): tcptop needs a kernel built with CONFIG_DEBUG_INFO_BTF=y");
        }
        Libbpf.get();
        checkCapabilities();
    }

    /**
     * Loading needs CAP_BPF and CAP_PERFMON (tracing programs) and CAP_NET_ADMIN (cgroup
     * socket programs); CAP_SYS_ADMIN covers all three.
     */
    static void checkCapabilities() {
        long effective = effectiveCapabilities();
        if (has(effective, CAP_SYS_ADMIN)) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (!has(effective, CAP_BPF)) {
            missing.add("CAP_BPF");
        }
        if (!has(effective, CAP_PERFMON)) {
            missing.add("CAP_PERFMON");
        }
        if (!has(effective, CAP_NET_ADMIN)) {
            missing.add("CAP_NET_ADMIN");
        }
        if (!missing.isEmpty()) {
            throw BpfException.notPermitted("loading BPF programs needs " + String.join(", ", missing));
        }
    }

    private static long effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS, e);
        }
        return 0;
    }

    private static boolean has(long capabilities, int capability) {
        return (capabilities & (1L << capability)) != 0;
    }
}
