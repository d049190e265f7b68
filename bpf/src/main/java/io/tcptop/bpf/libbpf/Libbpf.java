package io.tcptop.bpf.libbpf;

import io.tcptop.bpf.BpfException;
import io.tcptop.bpf.libc.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcall handles for the part of libbpf 1.x (libbpf.so.1) that tcptop uses. Thin: each
 * method is one C call, pointer results are returned as is (NULL on failure, errno captured
 * into the segment passed first). The typed wrappers in this package are the API.
 */
public final class Libbpf {
    public static final String LIBRARY = "libbpf.so.1";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static Libbpf instance;

    final MethodHandle objectOpenMem;
    final MethodHandle objectLoad;
    final MethodHandle objectClose;
    final MethodHandle objectNextProgram;
    final MethodHandle objectFindMapByName;
    final MethodHandle programName;
    final MethodHandle programSectionName;
    final MethodHandle programSetAutoload;
    final MethodHandle programAttach;
    final MethodHandle programAttachCgroup;
    final MethodHandle programFd;
    final MethodHandle mapFd;
    final MethodHandle mapSetMaxEntries;
    final MethodHandle mapMaxEntries;
    final MethodHandle mapInitialValue;
    final MethodHandle mapUpdateElem;
    final MethodHandle mapLookupElem;
    final MethodHandle numPossibleCpus;
    final MethodHandle linkDestroy;
    final MethodHandle setPrint;
    final MethodHandle objGetInfoByFd;

    private Libbpf(SymbolLookup lib) {
        objectOpenMem = errnoCall(lib, "bpf_object__open_mem", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        objectLoad = call(lib, "bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        objectClose = call(lib, "bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
        objectNextProgram = call(lib, "bpf_object__next_program", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        objectFindMapByName = call(lib, "bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        programName = call(lib, "bpf_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
        programSectionName = call(lib, "bpf_program__section_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
        programSetAutoload = call(lib, "bpf_program__set_autoload", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
        programAttach = errnoCall(lib, "bpf_program__attach", FunctionDescriptor.of(ADDRESS, ADDRESS));
        programAttachCgroup = errnoCall(lib, "bpf_program__attach_cgroup", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        programFd = call(lib, "bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        mapFd = call(lib, "bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        mapSetMaxEntries = call(lib, "bpf_map__set_max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        mapMaxEntries = call(lib, "bpf_map__max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        mapInitialValue = call(lib, "bpf_map__initial_value", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        mapUpdateElem = call(lib, "bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        mapLookupElem = call(lib, "bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        numPossibleCpus = call(lib, "libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT));
        linkDestroy = call(lib, "bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setPrint = call(lib, "libbpf_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));
        objGetInfoByFd = call(lib, "bpf_obj_get_info_by_fd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    /**
     * The process-wide binding, loading libbpf.so.1 on first use.
     *
     * @throws BpfException LIBBPF_MISSING if the library or one of its symbols is missing
     */
    public static synchronized Libbpf get() {
        if (instance == null) {
            try {
                instance = new Libbpf(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
            } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
                throw new BpfException(BpfException.Reason.LIBBPF_MISSING,
                        "cannot load " + LIBRARY + " (" + e.getMessage() + "): install it with `apt-get install -y libbpf1`",
                        e);
            }
            LibbpfLog.install(instance);
        }
        return instance;
    }

    /** Number of possible CPUs: the element count of a per-CPU map's value. */
    public int numPossibleCpus() {
        try {
            return (int) numPossibleCpus.invokeExact();
        } catch (Throwable t) {
            throw Unexpected.of(t);
        }
    }

    static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "" : cString.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    static String describeErrno(int errno) {
        return Libc.describeErrno(Math.abs(errno));
    }

    private static MethodHandle call(SymbolLookup lib, String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(lib.findOrThrow(name), descriptor);
    }

    private static MethodHandle errnoCall(SymbolLookup lib, String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(lib.findOrThrow(name), descriptor, ERRNO);
    }
}
