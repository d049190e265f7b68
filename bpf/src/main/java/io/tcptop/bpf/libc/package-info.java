/** The libc calls (mmap, epoll, vsnprintf...) the BPF module needs, through FFM. x86-64 Linux. */
package io.tcptop.bpf.libc;
