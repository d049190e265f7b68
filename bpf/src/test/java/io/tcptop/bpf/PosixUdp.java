package io.tcptop.bpf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A UDP socket driven through libc, for tests that must choose the exact system call: the JDK
 * always asks recvfrom for the sender's address, and a server written in C may not (recv,
 * read). Each call is made by the calling thread, as a C program would make it.
 */
final class PosixUdp implements AutoCloseable {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCKADDR_SIZE = 28;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = call("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = call("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = call("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDTO = call("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVFROM = call("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final ValueLayout.OfShort NET_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final int fd;
    private final int family;

    private PosixUdp(int fd, int family) {
        this.fd = fd;
        this.family = family;
    }

    /** A UDP socket of {@code family} bound to {@code address} (port 0: any). */
    static PosixUdp bound(int family, InetSocketAddress address) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int fd = (int) SOCKET.invokeExact(errno, family, SOCK_DGRAM, 0);
            check(fd, errno, "socket");
            PosixUdp socket = new PosixUdp(fd, family);
            MemorySegment addr = socket.sockaddr(arena, address);
            check((int) BIND.invokeExact(errno, fd, addr, (int) addr.byteSize()), errno, "bind " + address);
            return socket;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    InetSocketAddress local() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment addr = arena.allocate(SOCKADDR_SIZE);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SOCKADDR_SIZE);
            check((int) GETSOCKNAME.invokeExact(errno, fd, addr, len), errno, "getsockname");
            return address(addr);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** sendto(2) of {@code bytes} zero bytes; returns what it returned, or -errno. */
    long sendTo(int bytes, InetSocketAddress to) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment addr = sockaddr(arena, to);
            long n = (long) SENDTO.invokeExact(errno, fd, arena.allocate(Math.max(1, bytes)), (long) bytes, 0, addr,
                    (int) addr.byteSize());
            return n < 0 ? -(int) ERRNO.get(errno, 0L) : n;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** recvfrom(2) asking for the sender, as a server that answers does; returns the sender. */
    InetSocketAddress receiveFrom() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment addr = arena.allocate(SOCKADDR_SIZE);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SOCKADDR_SIZE);
            long n = (long) RECVFROM.invokeExact(errno, fd, arena.allocate(65536), 65536L, 0, addr, len);
            check((int) Math.min(n, 0), errno, "recvfrom");
            return address(addr);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** recvfrom(2) with no address, which is what recv(2) is: the caller does not ask who sent it. */
    long receiveAnonymously() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            long n = (long) RECVFROM.invokeExact(errno, fd, arena.allocate(65536), 65536L, 0, MemorySegment.NULL,
                    MemorySegment.NULL);
            check((int) Math.min(n, 0), errno, "recv");
            return n;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A sockaddr of this socket's family; an IPv4 address on an IPv6 socket is written v4-mapped. */
    private MemorySegment sockaddr(Arena arena, InetSocketAddress address) {
        MemorySegment s = arena.allocate(family == AF_INET ? 16 : 28);
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) family);
        s.set(NET_U16, 2, (short) address.getPort());
        byte[] ip = address.getAddress().getAddress();
        if (family == AF_INET) {
            MemorySegment.copy(ip, 0, s, ValueLayout.JAVA_BYTE, 4, 4);
        } else if (ip.length == 4) {
            s.set(ValueLayout.JAVA_BYTE, 18, (byte) 0xff);
            s.set(ValueLayout.JAVA_BYTE, 19, (byte) 0xff);
            MemorySegment.copy(ip, 0, s, ValueLayout.JAVA_BYTE, 20, 4);
        } else {
            MemorySegment.copy(ip, 0, s, ValueLayout.JAVA_BYTE, 8, 16);
        }
        return s;
    }

    /** The address in a sockaddr the kernel wrote; a v4-mapped one stays IPv6, as the kernel reports it. */
    private static InetSocketAddress address(MemorySegment s) throws UnknownHostException {
        int port = Short.toUnsignedInt(s.get(NET_U16, 2));
        if (s.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0) == AF_INET) {
            return new InetSocketAddress(Inet4Address.getByAddress(s.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE)), port);
        }
        InetAddress v6 = Inet6Address.getByAddress(null, s.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE), -1);
        return new InetSocketAddress(v6, port);
    }

    private static void check(int result, MemorySegment errno, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + " failed: errno " + (int) ERRNO.get(errno, 0L));
        }
    }

    private static MethodHandle call(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor,
                Linker.Option.captureCallState("errno"));
    }
}
