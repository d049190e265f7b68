/**
 * A small FFM binding of libbpf.so.1 (libbpf 1.x): open an object from memory, size and
 * configure its maps, load it, attach its programs, read maps. Resources are AutoCloseable;
 * failures are {@link io.tcptop.bpf.BpfException}s; libbpf's own messages go to
 * {@link io.tcptop.bpf.libbpf.LibbpfLog}.
 */
package io.tcptop.bpf.libbpf;
