package io.tcptop.bpf.libbpf;

import io.tcptop.bpf.BpfException;
import io.tcptop.bpf.KernelTestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures come back as one-line exceptions; libbpf's detail goes to the log sink. */
class LibbpfBindingTest {
    private final List<String> log = new ArrayList<>();

    @Test
    void anObjectLibbpfCannotParseIsRefusedInOneLine() {
        Libbpf libbpf = libbpfOrSkip();
        LibbpfLog.setSink(log::add);

        BpfException e = assertThrows(BpfException.class,
                () -> BpfObject.open(libbpf, "not an ELF file".getBytes(), "garbage"));
        assertEquals(BpfException.Reason.LOAD_FAILED, e.reason());
        assertTrue(e.getMessage().startsWith("libbpf cannot parse the BPF object garbage: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(log.isEmpty(), "libbpf's explanation should reach the sink");
    }

    @Test
    void aMapTheKernelRefusesFailsTheLoadNamingTheMap() throws IOException {
        KernelTestSupport.requireKernel();
        Libbpf libbpf = Libbpf.get();
        LibbpfLog.setSink(log::add);

        try (BpfObject object = BpfObject.open(libbpf, embeddedObject(), "tcptop")) {
            object.map("lost").setMaxEntries(0); // the kernel refuses an array without entries
            BpfException e = assertThrows(BpfException.class, object::load);
            assertEquals(BpfException.Reason.LOAD_FAILED, e.reason());
            assertTrue(e.getMessage().contains("EINVAL") && e.getMessage().contains("lost"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertTrue(log.stream().anyMatch(line -> line.contains("lost")), () -> "libbpf log: " + log);
    }

    private static Libbpf libbpfOrSkip() {
        try {
            return Libbpf.get();
        } catch (BpfException e) {
            KernelTestSupport.unavailable(e.getMessage());
            throw e;
        }
    }

    private static byte[] embeddedObject() throws IOException {
        try (InputStream in = io.tcptop.bpf.TcptopProbes.class.getResourceAsStream("tcptop.bpf.o")) {
            return in.readAllBytes();
        }
    }
}
