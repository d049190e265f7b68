/**
 * Reads a BPF ring buffer map in place: mmap'd pages, the kernel's consumer protocol, epoll
 * with a timeout. No native call or allocation per record.
 */
package io.tcptop.bpf.ringbuf;
