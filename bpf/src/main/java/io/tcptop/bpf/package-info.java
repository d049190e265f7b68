/**
 * tcptop's kernel side seen from Java: {@link io.tcptop.bpf.TcptopProbes} loads the eBPF
 * program that counts every TCP and UDP send and receive, and hands its records out through
 * a ring buffer; {@link io.tcptop.bpf.KernelRecord} is the only code that knows their layout.
 * Sub-packages: {@code libbpf} (FFM binding), {@code ringbuf} (the ring reader), {@code libc}.
 */
package io.tcptop.bpf;
