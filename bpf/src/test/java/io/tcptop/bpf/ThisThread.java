package io.tcptop.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's view of the calling thread, to compare with what the probes report. */
final class ThisThread {
    private ThisThread() {
    }

    static int pid() {
        return (int) ProcessHandle.current().pid();
    }

    /** The kernel thread id: /proc/thread-self links to {@code <pid>/task/<tid>}. */
    static int tid() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Integer.parseInt(link.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kernel's name of this thread (what bpf_get_current_comm returns). */
    static String comm() {
        try {
            return Files.readString(Path.of("/proc/thread-self/comm")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
