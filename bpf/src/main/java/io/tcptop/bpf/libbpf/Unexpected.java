package io.tcptop.bpf.libbpf;

/** Rethrows what a downcall threw: only unchecked throwables can reach here. */
final class Unexpected {
    private Unexpected() {
    }

    static RuntimeException of(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
