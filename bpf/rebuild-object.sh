#!/bin/sh
# Rebuilds the committed BPF object from src/main/c and records the SHA-256 of its sources,
# which BpfObjectFreshnessTest compares so a stale object fails the build.
# Needs: clang, llvm-strip, bpftool (apt-get install -y clang llvm bpftool libbpf-dev)
# and a kernel with BTF (vmlinux.h is generated from it into bpf/build, never committed).
set -eu
cd "$(dirname "$0")"
src=src/main/c
out=src/main/resources/io/tcptop/bpf
mkdir -p build "$out"
bpftool btf dump file /sys/kernel/btf/vmlinux format c > build/vmlinux.h
clang -O2 -g -Wall -Werror -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 \
	-I build -I "$src" -c "$src/tcptop.bpf.c" -o build/tcptop.bpf.o
# Keep .BTF/.BTF.ext (CO-RE needs them), drop DWARF: a third of the size.
llvm-strip -g build/tcptop.bpf.o
cp build/tcptop.bpf.o "$out/tcptop.bpf.o"
# The hashed inputs: the C sources and this script (its flags shape the object too).
sha256sum "$src/tcptop.bpf.c" "$src/tcptop.h" rebuild-object.sh \
	| sed "s|  .*/|  |" > "$out/tcptop.bpf.o.sha256"
cat "$out/tcptop.bpf.o.sha256"
