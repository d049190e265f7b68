package io.tcptop.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The Java mirror of {@code bpf/src/main/c/tcptop.h}: record kinds, sizes and field offsets of
 * what the kernel writes into the ring buffer, and of the load-time config it reads. Nothing
 * else in the project knows these offsets; KernelRecordLayoutTest checks them against the
 * compiled object's BTF.
 *
 * <p>Accessors read one field of the record at {@code offset} in {@code segment} and allocate
 * nothing, except those returning addresses and names. Each says for which kinds it is valid;
 * every kind starts with kind, protocol, family, timestamp and cookie. Integers are in native
 * byte order; unsigned kernel types are widened so that they never read as negative.
 */
public final class KernelRecord {
    /** Bytes moved on a socket whose facts the reader has already been sent. */
    public static final int KIND_DATA = 1;
    /** Bytes moved, plus the socket's addresses, ports, comm, netns and owner cgroup (first sight, pid or peer change, unconnected UDP). */
    public static final int KIND_DATA_SOCKET = 2;
    /** A TCP state change, with the socket's own byte counters. */
    public static final int KIND_STATE = 3;
    /** A UDP socket that appeared in data records was released (closed). */
    public static final int KIND_RELEASE = 4;

    public static final int DATA_SIZE = 40;
    public static final int DATA_SOCKET_SIZE = 104;
    public static final int STATE_SIZE = 88;
    public static final int RELEASE_SIZE = 24;

    public static final int DIRECTION_SEND = 1;
    public static final int DIRECTION_RECV = 2;

    public static final int REASON_FIRST = 1;
    public static final int REASON_PID_CHANGED = 2;
    public static final int REASON_PEER_CHANGED = 4;
    /** Unconnected UDP: every record carries its own message's peer. */
    public static final int REASON_UNCONNECTED = 8;

    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    public static final int ADDRESS_SIZE = 16;
    public static final int COMM_SIZE = 16;

    // Offsets, in struct order. Package-private: the layout test reads them, nobody else should.
    static final int KIND = 0;
    static final int PROTOCOL = 1;
    static final int FAMILY = 2;
    static final int DIRECTION = 3;
    static final int OLD_STATE = 3;
    static final int BYTES = 4;
    static final int NEW_STATE = 4;
    static final int TS_NS = 8;
    static final int COOKIE = 16;
    static final int TGID = 24;
    static final int BYTES_ACKED = 24;
    static final int TID = 28;
    static final int SRTT_US = 32;
    static final int NETNS = 36;
    static final int LOCAL_PORT = 40;
    static final int REMOTE_PORT = 42;
    static final int REASON = 44;
    static final int LOCAL_ADDR = 48;
    static final int REMOTE_ADDR = 64;
    static final int COMM = 80;
    static final int BYTES_RECEIVED = 80;
    static final int CGROUP_ID = 96;

    // struct tcptop_config
    static final int CONFIG_MAX_PIDS = 8;
    static final int CONFIG_MAX_PORTS = 8;
    static final int CONFIG_MAX_NETNS = 8;
    /** Entries of each cgroup filter map. */
    static final int CONFIG_MAX_CGROUPS = 64;
    static final int CONFIG_SIZE = 120;
    static final int CONFIG_PIDS = 0;
    static final int CONFIG_PID_COUNT = 32;
    static final int CONFIG_PROTOCOLS = 36;
    static final int CONFIG_PORTS = 40;
    static final int CONFIG_PORT_COUNT = 56;
    static final int CONFIG_WAKEUP_BYTES = 64;
    static final int CONFIG_NETNS = 72;
    static final int CONFIG_NETNS_COUNT = 104;
    static final int CONFIG_FILTERS = 108;
    static final int CONFIG_FILTER_PID = 1;
    static final int CONFIG_FILTER_CGROUP = 2;
    static final int CONFIG_FILTER_CONTAINER = 4;
    static final int CONFIG_FILTER_NETNS = 8;
    static final int CONFIG_PROTO_TCP = 1;
    static final int CONFIG_PROTO_UDP = 2;

    // Unaligned: records are 8-aligned in the ring, but copies in byte[] segments are not.
    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private KernelRecord() {
    }

    /** The record's size for its kind, or -1 for an unknown kind. */
    public static int size(int kind) {
        return switch (kind) {
            case KIND_DATA -> DATA_SIZE;
            case KIND_DATA_SOCKET -> DATA_SOCKET_SIZE;
            case KIND_STATE -> STATE_SIZE;
            case KIND_RELEASE -> RELEASE_SIZE;
            default -> -1;
        };
    }

    // --- every kind

    public static int kind(MemorySegment segment, long offset) {
        return u8(segment, offset + KIND);
    }

    /** {@link #PROTO_TCP} or {@link #PROTO_UDP}. */
    public static int protocol(MemorySegment segment, long offset) {
        return u8(segment, offset + PROTOCOL);
    }

    /** {@link #AF_INET} or {@link #AF_INET6}. */
    public static int family(MemorySegment segment, long offset) {
        return u8(segment, offset + FAMILY);
    }

    /** CLOCK_MONOTONIC nanoseconds when the kernel saw the event. */
    public static long timestampNanos(MemorySegment segment, long offset) {
        return segment.get(U64, offset + TS_NS);
    }

    /** The socket cookie: the socket's identity, never reused while the system runs. */
    public static long cookie(MemorySegment segment, long offset) {
        return segment.get(U64, offset + COOKIE);
    }

    // --- KIND_DATA and KIND_DATA_SOCKET

    /** {@link #DIRECTION_SEND} or {@link #DIRECTION_RECV}. */
    public static int direction(MemorySegment segment, long offset) {
        return u8(segment, offset + DIRECTION);
    }

    /** Bytes sent or received, always positive. */
    public static long bytes(MemorySegment segment, long offset) {
        return u32(segment, offset + BYTES);
    }

    /** Process id (tgid) of the sender or receiver. */
    public static int tgid(MemorySegment segment, long offset) {
        return segment.get(U32, offset + TGID);
    }

    /** Thread id of the sender or receiver. */
    public static int tid(MemorySegment segment, long offset) {
        return segment.get(U32, offset + TID);
    }

    // --- KIND_DATA, KIND_DATA_SOCKET (0 for UDP) and KIND_STATE

    /** TCP smoothed round-trip time in microseconds; 0 for UDP and before the first sample. */
    public static long srttMicros(MemorySegment segment, long offset) {
        return u32(segment, offset + SRTT_US);
    }

    // --- KIND_DATA_SOCKET and KIND_STATE

    /**
     * The socket's network namespace: the inode number {@code /proc/PID/ns/net} links to; in a
     * KIND_DATA_SOCKET record only with REASON_FIRST, else 0 (a socket never changes namespace).
     */
    public static long netns(MemorySegment segment, long offset) {
        return u32(segment, offset + NETNS);
    }

    public static int localPort(MemorySegment segment, long offset) {
        return u16(segment, offset + LOCAL_PORT);
    }

    /** The peer's port; for unconnected UDP, the peer of this very message (0 if unknown). */
    public static int remotePort(MemorySegment segment, long offset) {
        return u16(segment, offset + REMOTE_PORT);
    }

    public static InetAddress localAddress(MemorySegment segment, long offset) {
        return address(segment, offset, LOCAL_ADDR);
    }

    /** The peer's address; for unconnected UDP, the peer of this very message. */
    public static InetAddress remoteAddress(MemorySegment segment, long offset) {
        return address(segment, offset, REMOTE_ADDR);
    }

    /** Copies the 16 address bytes (network order; IPv4 in the first 4) without allocating. */
    public static void copyLocalAddress(MemorySegment segment, long offset, byte[] destination16) {
        MemorySegment.copy(segment, U8, offset + LOCAL_ADDR, destination16, 0, ADDRESS_SIZE);
    }

    /** Copies the 16 address bytes (network order; IPv4 in the first 4) without allocating. */
    public static void copyRemoteAddress(MemorySegment segment, long offset, byte[] destination16) {
        MemorySegment.copy(segment, U8, offset + REMOTE_ADDR, destination16, 0, ADDRESS_SIZE);
    }

    // --- KIND_DATA_SOCKET

    /** Why the facts were sent: {@code REASON_*} bits. */
    public static int reason(MemorySegment segment, long offset) {
        return u8(segment, offset + REASON);
    }

    /** The name of the thread that moved the bytes (at most 15 characters). */
    public static String comm(MemorySegment segment, long offset) {
        byte[] bytes = new byte[COMM_SIZE];
        MemorySegment.copy(segment, U8, offset + COMM, bytes, 0, COMM_SIZE);
        int length = 0;
        while (length < COMM_SIZE && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * The cgroup v2 id of the thread that moved the bytes (the inode of its cgroup directory), sent
     * with {@link #REASON_FIRST} or {@link #REASON_PID_CHANGED}; 0 otherwise: the socket's previous
     * facts still hold.
     */
    public static long cgroupId(MemorySegment segment, long offset) {
        return segment.get(U64, offset + CGROUP_ID);
    }

    // --- KIND_STATE

    public static int oldState(MemorySegment segment, long offset) {
        return u8(segment, offset + OLD_STATE);
    }

    public static int newState(MemorySegment segment, long offset) {
        return u8(segment, offset + NEW_STATE);
    }

    /**
     * The socket's bytes sent and acknowledged by the peer, at the state change. Counted in
     * sequence space, like {@link #bytesReceived}: an acknowledged SYN or FIN adds one.
     */
    public static long bytesAcked(MemorySegment segment, long offset) {
        return segment.get(U64, offset + BYTES_ACKED);
    }

    /** The socket's bytes received, at the state change; a received FIN adds one. */
    public static long bytesReceived(MemorySegment segment, long offset) {
        return segment.get(U64, offset + BYTES_RECEIVED);
    }

    // --- struct tcptop_config

    /** Writes {@code config} as a {@code struct tcptop_config} at the start of {@code target}. */
    static void writeConfig(MemorySegment target, ProbeConfig config) {
        if (target.byteSize() < CONFIG_SIZE) {
            throw new IllegalArgumentException("config needs " + CONFIG_SIZE + " bytes, got " + target.byteSize());
        }
        target.asSlice(0, CONFIG_SIZE).fill((byte) 0);
        Iterator<Integer> pids = config.pids().stream().sorted().iterator();
        for (int i = 0; pids.hasNext(); i++) {
            target.set(U32, CONFIG_PIDS + 4L * i, pids.next());
        }
        target.set(U32, CONFIG_PID_COUNT, config.pids().size());
        Iterator<Integer> ports = config.ports().stream().sorted().iterator();
        for (int i = 0; ports.hasNext(); i++) {
            target.set(U16, CONFIG_PORTS + 2L * i, (short) (int) ports.next());
        }
        target.set(U32, CONFIG_PORT_COUNT, config.ports().size());
        int protocols = (config.tcp() ? CONFIG_PROTO_TCP : 0) | (config.udp() ? CONFIG_PROTO_UDP : 0);
        target.set(U32, CONFIG_PROTOCOLS, protocols);
        target.set(U64, CONFIG_WAKEUP_BYTES, config.wakeupBytes());
        Iterator<Long> netns = config.netns().stream().sorted().iterator();
        for (int i = 0; netns.hasNext(); i++) {
            target.set(U32, CONFIG_NETNS + 4L * i, (int) (long) netns.next());
        }
        target.set(U32, CONFIG_NETNS_COUNT, config.netns().size());
        int filters = (config.pids().isEmpty() ? 0 : CONFIG_FILTER_PID)
                | (config.cgroups().isEmpty() ? 0 : CONFIG_FILTER_CGROUP)
                | (config.containerFilter() ? CONFIG_FILTER_CONTAINER : 0)
                | (config.netns().isEmpty() ? 0 : CONFIG_FILTER_NETNS);
        target.set(U32, CONFIG_FILTERS, filters);
    }

    private static InetAddress address(MemorySegment segment, long offset, int field) {
        boolean v4 = family(segment, offset) == AF_INET;
        byte[] bytes = new byte[v4 ? 4 : ADDRESS_SIZE];
        MemorySegment.copy(segment, U8, offset + field, bytes, 0, bytes.length);
        try {
            // Inet6Address keeps an IPv4-mapped peer of a v6 socket as the v6 address it is.
            return v4 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot happen: address of length " + bytes.length, e);
        }
    }

    private static int u8(MemorySegment segment, long offset) {
        return Byte.toUnsignedInt(segment.get(U8, offset));
    }

    private static int u16(MemorySegment segment, long offset) {
        return Short.toUnsignedInt(segment.get(U16, offset));
    }

    private static long u32(MemorySegment segment, long offset) {
        return Integer.toUnsignedLong(segment.get(U32, offset));
    }
}
