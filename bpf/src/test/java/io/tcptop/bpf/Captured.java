package io.tcptop.bpf;

import io.tcptop.event.TcpState;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/** One record copied out of the ring, read through {@link KernelRecord} like production code. */
record Captured(byte[] raw) {
    MemorySegment segment() {
        return MemorySegment.ofArray(raw);
    }

    int kind() {
        return KernelRecord.kind(segment(), 0);
    }

    boolean isData() {
        return kind() == KernelRecord.KIND_DATA || kind() == KernelRecord.KIND_DATA_SOCKET;
    }

    boolean isSocket() {
        return kind() == KernelRecord.KIND_DATA_SOCKET;
    }

    boolean isState() {
        return kind() == KernelRecord.KIND_STATE;
    }

    boolean isRelease() {
        return kind() == KernelRecord.KIND_RELEASE;
    }

    long cookie() {
        return KernelRecord.cookie(segment(), 0);
    }

    int protocol() {
        return KernelRecord.protocol(segment(), 0);
    }

    int family() {
        return KernelRecord.family(segment(), 0);
    }

    int direction() {
        return KernelRecord.direction(segment(), 0);
    }

    long bytes() {
        return KernelRecord.bytes(segment(), 0);
    }

    int tgid() {
        return KernelRecord.tgid(segment(), 0);
    }

    int tid() {
        return KernelRecord.tid(segment(), 0);
    }

    long srttMicros() {
        return KernelRecord.srttMicros(segment(), 0);
    }

    int localPort() {
        return KernelRecord.localPort(segment(), 0);
    }

    int remotePort() {
        return KernelRecord.remotePort(segment(), 0);
    }

    InetAddress localAddress() {
        return KernelRecord.localAddress(segment(), 0);
    }

    InetAddress remoteAddress() {
        return KernelRecord.remoteAddress(segment(), 0);
    }

    byte[] remoteAddressBytes() {
        byte[] address = new byte[KernelRecord.ADDRESS_SIZE];
        KernelRecord.copyRemoteAddress(segment(), 0, address);
        return address;
    }

    String comm() {
        return KernelRecord.comm(segment(), 0);
    }

    int reason() {
        return KernelRecord.reason(segment(), 0);
    }

    int oldState() {
        return KernelRecord.oldState(segment(), 0);
    }

    int newState() {
        return KernelRecord.newState(segment(), 0);
    }

    long bytesAcked() {
        return KernelRecord.bytesAcked(segment(), 0);
    }

    long bytesReceived() {
        return KernelRecord.bytesReceived(segment(), 0);
    }

    long netns() {
        return KernelRecord.netns(segment(), 0);
    }

    long cgroupId() {
        return KernelRecord.cgroupId(segment(), 0);
    }

    @Override
    public String toString() {
        if (isData()) {
            String facts = isSocket() ? " " + localAddress().getHostAddress() + ":" + localPort() + " > "
                    + remoteAddress().getHostAddress() + ":" + remotePort() + " comm=" + comm() + " reason="
                    + reason() + " netns=" + netns() + " cgroup=" + cgroupId() : "";
            return (isSocket() ? "DATA_SOCKET" : "DATA") + " cookie=" + cookie() + " proto=" + protocol()
                    + " dir=" + direction() + " bytes=" + bytes() + " pid=" + tgid() + " tid=" + tid() + " srtt="
                    + srttMicros() + facts;
        }
        if (isState()) {
            return "STATE cookie=" + cookie() + " " + TcpState.name(oldState()) + ">"
                    + TcpState.name(newState()) + " " + localAddress().getHostAddress() + ":" + localPort()
                    + " > " + remoteAddress().getHostAddress() + ":" + remotePort() + " acked=" + bytesAcked()
                    + " received=" + bytesReceived() + " srtt=" + srttMicros();
        }
        return "KIND" + kind() + " cookie=" + cookie();
    }
}
