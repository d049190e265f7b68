package io.tcptop.bpf;

/**
 * Why the kernel probes could not be started or read. The message is one line that names the
 * problem and what to do about it, fit to show a user as is; {@link #reason()} lets a caller
 * choose an exit code.
 */
public final class BpfException extends RuntimeException {
    /** What went wrong, coarse enough to map to exit codes. */
    public enum Reason {
        /** Neither root nor CAP_BPF + CAP_PERFMON (+ CAP_NET_ADMIN for the cgroup hooks). */
        NOT_PERMITTED,
        /** libbpf.so.1 cannot be loaded. */
        LIBBPF_MISSING,
        /** The kernel exposes no BTF at /sys/kernel/btf/vmlinux. */
        NO_KERNEL_BTF,
        /** No cgroup v2 hierarchy is mounted (the unconnected-UDP hooks attach to its root). */
        NO_CGROUP2,
        /** The configuration is invalid (ring size, too many pids or ports...). */
        INVALID_CONFIG,
        /** libbpf could not open or the kernel refused to load the BPF object. */
        LOAD_FAILED,
        /** A program loaded but could not be attached to its hook. */
        ATTACH_FAILED,
        /** Mapping or waiting on the ring buffer, or reading a map, failed. */
        MAP_ACCESS_FAILED,
    }

    private final Reason reason;

    public BpfException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BpfException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * The kernel refused for lack of privileges. libbpf's own hint ("raise ulimit -l") is wrong
     * on current kernels, which account BPF memory to the cgroup: say what does help.
     */
    public static BpfException notPermitted(String what) {
        return new BpfException(Reason.NOT_PERMITTED, what
                + ": run as root, or grant the capabilities with `setpriv --inh-caps=+bpf,+perfmon,+net_admin"
                + " --ambient-caps=+bpf,+perfmon,+net_admin <command>`");
    }
}
