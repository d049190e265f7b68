package io.tcptop.bpf.libbpf;

/**
 * Cumulative run statistics of one BPF program (kernel.bpf_stats_enabled=1).
 *
 * @param program      the program's name
 * @param runTimeNanos total time spent running it
 * @param runCount     how many times it ran
 */
public record ProgramStats(String program, long runTimeNanos, long runCount) {
    /** Average nanoseconds per run, 0 if it never ran. */
    public double nanosPerRun() {
        return runCount == 0 ? 0 : (double) runTimeNanos / runCount;
    }

    /** The statistics of the runs between {@code earlier} and this. */
    public ProgramStats since(ProgramStats earlier) {
        return new ProgramStats(program, runTimeNanos - earlier.runTimeNanos, runCount - earlier.runCount);
    }
}
