package io.tcptop.bpf.libbpf;

import io.tcptop.bpf.libc.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Routes libbpf's messages (warnings, info, the verifier log of a failed load) to a Java
 * sink instead of stderr, one line per call. libbpf's print hook is process-wide, so the
 * sink is too. Debug messages (one per relocation) are dropped.
 */
public final class LibbpfLog {
    private static final int LEVEL_WARN = 0;
    private static final int LEVEL_INFO = 1;
    /** A failed load prints the whole verifier log in one message. */
    private static final int BUFFER_BYTES = 256 * 1024;

    private static volatile Consumer<String> sink = line -> { };
    private static final ThreadLocal<String> FIRST_WARNING = new ThreadLocal<>();

    private LibbpfLog() {
    }

    /** Sends libbpf's messages, one line at a time, to {@code lines}. */
    public static void setSink(Consumer<String> lines) {
        sink = Objects.requireNonNull(lines);
    }

    /** Forgets this thread's warnings: call before the libbpf call whose failure you explain. */
    static void clearWarnings() {
        FIRST_WARNING.remove();
    }

    /**
     * The first warning libbpf printed on this thread since {@link #clearWarnings()}, or null.
     * The first is the specific one ("prog 'x': BPF program load failed: ..."); later ones
     * repeat it in general terms.
     */
    static String firstWarning() {
        return FIRST_WARNING.get();
    }

    static void install(Libbpf libbpf) {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(LibbpfLog.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            // va_list decays to a pointer when passed to a function on x86-64 (and is one on aarch64)
            MemorySegment stub = Linker.nativeLinker().upcallStub(target,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            MemorySegment ignored = (MemorySegment) libbpf.setPrint.invokeExact(stub);
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
    }

    /** The upcall. Must not throw: an exception escaping an upcall kills the JVM. */
    private static int print(int level, MemorySegment format, MemorySegment args) {
        try {
            if (level != LEVEL_WARN && level != LEVEL_INFO) {
                return 0;
            }
            String text;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(BUFFER_BYTES);
                int length = Libc.vsnprintf(buffer, format, args);
                text = buffer.getString(0);
                if (length >= BUFFER_BYTES) {
                    text += " [truncated]";
                }
            }
            Consumer<String> lines = sink;
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    String entry = line.stripTrailing(); // libbpf's own lines say "libbpf: "
                    if (level == LEVEL_WARN && FIRST_WARNING.get() == null) {
                        FIRST_WARNING.set(entry);
                    }
                    lines.accept(entry);
                }
            }
        } catch (Throwable ignored) {
            // Losing a log line is better than losing the JVM.
        }
        return 0;
    }
}
