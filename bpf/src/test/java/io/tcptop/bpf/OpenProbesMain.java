package io.tcptop.bpf;

/**
 * Opens the probes and prints the outcome on one line: run by UnprivilegedProcessTest in a
 * child JVM with reduced privileges. Uses nothing but the main classes.
 */
public final class OpenProbesMain {
    private OpenProbesMain() {
    }

    public static void main(String[] args) {
        try (TcptopProbes probes = TcptopProbes.open(ProbeConfig.defaults().withRingSizeBytes(1 << 20), line -> { })) {
            System.out.println("OPENED " + probes.attachedPrograms().size());
        } catch (BpfException e) {
            System.out.println(e.reason() + " " + e.getMessage());
        }
    }
}
