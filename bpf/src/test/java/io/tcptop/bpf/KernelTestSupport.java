package io.tcptop.bpf;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place that decides what a test does when the machine cannot run it: skip, saying
 * why, or, when {@code -Dtcptop.kernelTests=required} (CI), fail. A kernel test that silently
 * skips on CI would prove nothing. Shipped in this module's test-jar for the other modules.
 */
public final class KernelTestSupport {
    public static final String PROPERTY = "tcptop.kernelTests";

    private KernelTestSupport() {
    }

    /** True when missing prerequisites must fail the build instead of skipping tests. */
    public static boolean required() {
        return "required".equals(System.getProperty(PROPERTY));
    }

    /** Returns if this process can load and attach the probes; else skips or fails the test. */
    public static void requireKernel() {
        try {
            TcptopProbes.checkPrerequisites();
        } catch (BpfException e) {
            unavailable(e.getMessage());
        }
    }

    /** Skips the test with {@code reason} printed, or fails it when kernel tests are required. */
    public static void unavailable(String reason) {
        if (required()) {
            Assertions.fail("kernel test prerequisite missing and " + PROPERTY + "=required: " + reason);
        }
        System.out.println("[kernel test skipped] " + reason);
        Assumptions.abort(reason);
    }
}
