package io.tcptop.bpf;

/** The transport protocols the probes can record. */
public enum Protocol {
    TCP(KernelRecord.PROTO_TCP),
    UDP(KernelRecord.PROTO_UDP);

    private final int ipProtocol;

    Protocol(int ipProtocol) {
        this.ipProtocol = ipProtocol;
    }

    /** The IP protocol number, as in the records' protocol field (6, 17). */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** The protocol with this IP protocol number, or null for any other. */
    public static Protocol ofIpProtocol(int number) {
        return switch (number) {
            case KernelRecord.PROTO_TCP -> TCP;
            case KernelRecord.PROTO_UDP -> UDP;
            default -> null;
        };
    }
}
