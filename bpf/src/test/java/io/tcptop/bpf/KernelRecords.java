package io.tcptop.bpf;

import io.tcptop.event.TcpState;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ring-buffer records as tcptop.bpf.c writes them, built by hand, so that tests can feed a
 * decoder without root or a kernel. Besides {@link KernelRecord}, this is the only code that
 * knows the byte layout of {@code tcptop.h}: it sits in KernelRecord's package to write through
 * the same package-private offsets, and KernelRecordsTest checks that it reproduces, byte for
 * byte, records the kernel really wrote ({@link #captured()}). Shipped in the test-jar.
 *
 * <p>Start from a kind, name the fields, take {@link Builder#bytes()}:
 * <pre>{@code
 * byte[] first = KernelRecords.dataSocket().cookie(7).tcp().local("10.0.0.1", 40000)
 *         .remote("10.0.0.2", 443).pid(100).comm("curl").send(512).reason(KernelRecord.REASON_FIRST).bytes();
 * }</pre>
 * Fields left out are zero, like every reserved byte; the family follows the addresses
 * ({@code "::ffff:10.0.0.1"} is an IPv6 socket's v4-mapped address). A builder may be changed
 * and built again. Naming a field the kind does not carry (a comm on a STATE) is refused.
 */
public final class KernelRecords {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private KernelRecords() {
    }

    /** A compact data record: bytes moved on a socket whose facts were sent before. */
    public static Builder data() {
        return new Builder(KernelRecord.KIND_DATA);
    }

    /** A data record with the socket's facts (addresses, ports, comm, reason). */
    public static Builder dataSocket() {
        return new Builder(KernelRecord.KIND_DATA_SOCKET);
    }

    /** A TCP state change, with the socket's counters; the kernel sends no pid with it. */
    public static Builder state() {
        return new Builder(KernelRecord.KIND_STATE);
    }

    /** A reported UDP socket was released. */
    public static Builder release() {
        return new Builder(KernelRecord.KIND_RELEASE).udp();
    }

    /** The records tcptop.bpf.o wrote on a real kernel (kernel-records.hex), by name, in file order. */
    public static Map<String, byte[]> captured() {
        Map<String, byte[]> records = new LinkedHashMap<>();
        try (InputStream in = KernelRecords.class.getResourceAsStream("kernel-records.hex")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] nameAndHex = line.split(" ");
                    records.put(nameAndHex[0], HexFormat.of().parseHex(nameAndHex[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(records);
    }

    /** One record's fields; {@link #bytes()} lays them out. */
    public static final class Builder {
        private final int kind;
        private int protocol = KernelRecord.PROTO_TCP;
        private int family;
        private long tsNs;
        private long cookie;
        private int direction;
        private long bytes;
        private int tgid;
        private int tid;
        private long srttMicros;
        private int localPort;
        private int remotePort;
        private final byte[] localAddress = new byte[KernelRecord.ADDRESS_SIZE];
        private final byte[] remoteAddress = new byte[KernelRecord.ADDRESS_SIZE];
        private byte[] comm = new byte[0];
        private int reason;
        private int oldState;
        private int newState;
        private long bytesAcked;
        private long bytesReceived;
        private long netns;
        private long cgroupId;

        private Builder(int kind) {
            this.kind = kind;
        }

        public Builder cookie(long cookie) {
            this.cookie = cookie;
            return this;
        }

        /** CLOCK_MONOTONIC nanoseconds. */
        public Builder at(long tsNs) {
            this.tsNs = tsNs;
            return this;
        }

        /** The default. */
        public Builder tcp() {
            this.protocol = KernelRecord.PROTO_TCP;
            return this;
        }

        public Builder udp() {
            this.protocol = KernelRecord.PROTO_UDP;
            return this;
        }

        /** For kinds without addresses (RELEASE, compact DATA); the addresses set it otherwise. */
        public Builder ipv4() {
            return family(KernelRecord.AF_INET);
        }

        public Builder ipv6() {
            return family(KernelRecord.AF_INET6);
        }

        /** The local address (a literal, never a host name) and port. */
        public Builder local(String address, int port) {
            carriedBy("local address", KernelRecord.KIND_DATA_SOCKET, KernelRecord.KIND_STATE);
            this.localPort = port(port);
            address(address, localAddress);
            return this;
        }

        /** The peer's address (a literal) and port; for unconnected UDP, this message's peer. */
        public Builder remote(String address, int port) {
            carriedBy("remote address", KernelRecord.KIND_DATA_SOCKET, KernelRecord.KIND_STATE);
            this.remotePort = port(port);
            address(address, remoteAddress);
            return this;
        }

        public Builder send(long bytes) {
            return moved(KernelRecord.DIRECTION_SEND, bytes);
        }

        public Builder recv(long bytes) {
            return moved(KernelRecord.DIRECTION_RECV, bytes);
        }

        /** The process (tgid); its thread id too, unless {@link #tid} says otherwise. */
        public Builder pid(int tgid) {
            carriedBy("pid", KernelRecord.KIND_DATA, KernelRecord.KIND_DATA_SOCKET);
            this.tgid = tgid;
            this.tid = tgid;
            return this;
        }

        public Builder tid(int tid) {
            carriedBy("tid", KernelRecord.KIND_DATA, KernelRecord.KIND_DATA_SOCKET);
            this.tid = tid;
            return this;
        }

        /** The thread's name, at most 15 bytes as in the kernel's task comm. */
        public Builder comm(String name) {
            carriedBy("comm", KernelRecord.KIND_DATA_SOCKET);
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            if (utf8.length >= KernelRecord.COMM_SIZE) {
                throw new IllegalArgumentException("comm holds at most 15 bytes, got " + name);
            }
            this.comm = utf8;
            return this;
        }

        /** {@code KernelRecord.REASON_*} bits. */
        public Builder reason(int bits) {
            carriedBy("reason", KernelRecord.KIND_DATA_SOCKET);
            this.reason = bits;
            return this;
        }

        public Builder srtt(long micros) {
            carriedBy("srtt", KernelRecord.KIND_DATA, KernelRecord.KIND_DATA_SOCKET, KernelRecord.KIND_STATE);
            this.srttMicros = u32(micros, "srtt");
            return this;
        }

        /** The socket's network namespace (inode number). */
        public Builder netns(long inode) {
            carriedBy("netns", KernelRecord.KIND_DATA_SOCKET, KernelRecord.KIND_STATE);
            this.netns = u32(inode, "netns");
            return this;
        }

        /** The owner's cgroup v2 id (sent with REASON_FIRST or REASON_PID_CHANGED). */
        public Builder cgroup(long id) {
            carriedBy("cgroup id", KernelRecord.KIND_DATA_SOCKET);
            this.cgroupId = id;
            return this;
        }

        /** Written as the kernel numbers the states. */
        public Builder change(TcpState oldState, TcpState newState) {
            carriedBy("state change", KernelRecord.KIND_STATE);
            this.oldState = oldState.kernelNumber();
            this.newState = newState.kernelNumber();
            return this;
        }

        /** The socket's own counters at the state change, in sequence space (SYN and FIN count one). */
        public Builder counters(long bytesAcked, long bytesReceived) {
            carriedBy("counters", KernelRecord.KIND_STATE);
            this.bytesAcked = bytesAcked;
            this.bytesReceived = bytesReceived;
            return this;
        }

        /** The record as the kernel would have put it in the ring. */
        public byte[] bytes() {
            byte[] raw = new byte[KernelRecord.size(kind)];
            MemorySegment r = MemorySegment.ofArray(raw);
            r.set(ValueLayout.JAVA_BYTE, KernelRecord.KIND, (byte) kind);
            r.set(ValueLayout.JAVA_BYTE, KernelRecord.PROTOCOL, (byte) protocol);
            r.set(ValueLayout.JAVA_BYTE, KernelRecord.FAMILY, (byte) (family == 0 ? KernelRecord.AF_INET : family));
            r.set(U64, KernelRecord.TS_NS, tsNs);
            r.set(U64, KernelRecord.COOKIE, cookie);
            if (kind == KernelRecord.KIND_DATA || kind == KernelRecord.KIND_DATA_SOCKET) {
                r.set(ValueLayout.JAVA_BYTE, KernelRecord.DIRECTION, (byte) direction);
                r.set(U32, KernelRecord.BYTES, (int) bytes);
                r.set(U32, KernelRecord.TGID, tgid);
                r.set(U32, KernelRecord.TID, tid);
                r.set(U32, KernelRecord.SRTT_US, (int) srttMicros);
            }
            if (kind == KernelRecord.KIND_DATA_SOCKET || kind == KernelRecord.KIND_STATE) {
                r.set(U16, KernelRecord.LOCAL_PORT, (short) localPort);
                r.set(U16, KernelRecord.REMOTE_PORT, (short) remotePort);
                MemorySegment.copy(localAddress, 0, r, ValueLayout.JAVA_BYTE, KernelRecord.LOCAL_ADDR, localAddress.length);
                MemorySegment.copy(remoteAddress, 0, r, ValueLayout.JAVA_BYTE, KernelRecord.REMOTE_ADDR, remoteAddress.length);
                r.set(U32, KernelRecord.NETNS, (int) netns);
            }
            if (kind == KernelRecord.KIND_DATA_SOCKET) {
                r.set(ValueLayout.JAVA_BYTE, KernelRecord.REASON, (byte) reason);
                MemorySegment.copy(comm, 0, r, ValueLayout.JAVA_BYTE, KernelRecord.COMM, comm.length);
                r.set(U64, KernelRecord.CGROUP_ID, cgroupId);
            }
            if (kind == KernelRecord.KIND_STATE) {
                r.set(ValueLayout.JAVA_BYTE, KernelRecord.OLD_STATE, (byte) oldState);
                r.set(ValueLayout.JAVA_BYTE, KernelRecord.NEW_STATE, (byte) newState);
                r.set(U64, KernelRecord.BYTES_ACKED, bytesAcked);
                r.set(U32, KernelRecord.SRTT_US, (int) srttMicros);
                r.set(U64, KernelRecord.BYTES_RECEIVED, bytesReceived);
            }
            return raw;
        }

        private Builder moved(int direction, long bytes) {
            carriedBy("bytes moved", KernelRecord.KIND_DATA, KernelRecord.KIND_DATA_SOCKET);
            this.direction = direction;
            this.bytes = u32(bytes, "bytes");
            return this;
        }

        private Builder family(int family) {
            if (this.family != 0 && this.family != family) {
                throw new IllegalArgumentException("an AF_INET" + (family == KernelRecord.AF_INET6 ? "6" : "")
                        + " address on a socket of family " + this.family + ": write v4 peers of an IPv6 socket"
                        + " as ::ffff:a.b.c.d");
            }
            this.family = family;
            return this;
        }

        /** Network order; IPv4 in the first 4 bytes, as the kernel copies it from the socket. */
        private void address(String literal, byte[] target) {
            boolean v6 = literal.indexOf(':') >= 0;
            family(v6 ? KernelRecord.AF_INET6 : KernelRecord.AF_INET);
            byte[] raw = InetAddress.ofLiteral(literal).getAddress();
            Arrays.fill(target, (byte) 0);
            if (v6 && raw.length == 4) {
                // Java hands back ::ffff:a.b.c.d as an IPv4 address; the socket keeps its v6 form.
                target[10] = (byte) 0xff;
                target[11] = (byte) 0xff;
                System.arraycopy(raw, 0, target, 12, 4);
            } else {
                System.arraycopy(raw, 0, target, 0, raw.length);
            }
        }

        private void carriedBy(String field, int... kinds) {
            for (int k : kinds) {
                if (k == kind) {
                    return;
                }
            }
            String name = switch (kind) {
                case KernelRecord.KIND_DATA -> "DATA";
                case KernelRecord.KIND_DATA_SOCKET -> "DATA_SOCKET";
                case KernelRecord.KIND_STATE -> "STATE";
                default -> "RELEASE";
            };
            throw new IllegalStateException("a " + name + " record carries no " + field);
        }

        private static int port(int port) {
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }

        private static long u32(long value, String field) {
            if (value < 0 || value > 0xffff_ffffL) {
                throw new IllegalArgumentException(field + " does not fit in 32 unsigned bits: " + value);
            }
            return value;
        }
    }
}
