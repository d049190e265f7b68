/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The contract between tcptop.bpf.c and user space: ring-buffer record layouts and the
 * load-time configuration. io.tcptop.bpf.KernelRecord mirrors this file byte for byte, and
 * KernelRecordLayoutTest checks it against the compiled object's BTF. Change both together.
 *
 * Every record starts with a one-byte kind. All fields sit at fixed offsets with explicit
 * padding, so the layout does not depend on the compiler. Integers are in host byte order
 * (little endian on the machines we run on); addresses are 16 bytes in network order, an
 * IPv4 address in the first 4 bytes and zeros after it.
 */
#ifndef TCPTOP_H
#define TCPTOP_H

enum tcptop_kind {
	TCPTOP_KIND_DATA = 1,        /* struct tcptop_data: bytes moved, socket facts already sent */
	TCPTOP_KIND_DATA_SOCKET = 2, /* struct tcptop_data_socket: bytes moved plus socket facts */
	TCPTOP_KIND_STATE = 3,       /* struct tcptop_state: a TCP state change */
	TCPTOP_KIND_RELEASE = 4,     /* struct tcptop_release: a reported UDP socket was closed */
};

enum tcptop_direction {
	TCPTOP_DIR_SEND = 1,
	TCPTOP_DIR_RECV = 2,
};

/* Why a tcptop_data_socket carries the facts again (bit set, several may hold). */
enum tcptop_reason {
	TCPTOP_REASON_FIRST = 1,        /* first record of this socket (or its state was lost) */
	TCPTOP_REASON_PID_CHANGED = 2,  /* another process moved bytes on it (fork, fd passing) */
	TCPTOP_REASON_PEER_CHANGED = 4, /* unconnected UDP talking to another peer, or re-connect */
	TCPTOP_REASON_UNCONNECTED = 8,  /* unconnected UDP: every record names its own message's peer */
};

/* Bits of tcptop_config.protocols. */
#define TCPTOP_PROTO_TCP 1
#define TCPTOP_PROTO_UDP 2

/*
 * Bits of tcptop_config.filters: which filters are on, in one word, so that a record with no
 * filter costs one load and one branch (the verifier prunes the branches the constants rule out,
 * but keeps the loads that decide them).
 */
#define TCPTOP_FILTER_PID 1       /* pids[] */
#define TCPTOP_FILTER_CGROUP 2    /* owner_cgroups */
#define TCPTOP_FILTER_CONTAINER 4 /* container_cgroups */
#define TCPTOP_FILTER_NETNS 8     /* netns[] */
#define TCPTOP_FILTER_OWNER (TCPTOP_FILTER_PID | TCPTOP_FILTER_CGROUP | TCPTOP_FILTER_CONTAINER)

#define TCPTOP_MAX_PIDS 8
#define TCPTOP_MAX_PORTS 8
#define TCPTOP_MAX_NETNS 8
/* Entries of each cgroup filter map (owner_cgroups, container_cgroups in tcptop.bpf.c). */
#define TCPTOP_MAX_CGROUPS 64

/*
 * All kinds share a prefix: kind, protocol and family in bytes 0-2, ts_ns at 8, cookie at 16.
 * Kinds that carry the same thing carry it at the same offset (srtt_us at 32; netns at 36; ports
 * at 40/42 and addresses at 48/64), so a reader needs one accessor per field, not one per kind.
 */

/*
 * One send or receive of `bytes` (> 0) on a TCP or UDP socket, by thread `tid` of process
 * `tgid`. `ts_ns` is CLOCK_MONOTONIC (bpf_ktime_get_ns). The socket's addresses, ports and
 * the process name come in the latest tcptop_data_socket with the same cookie.
 */
struct tcptop_data {
	__u8 kind;      /* 0: TCPTOP_KIND_DATA or TCPTOP_KIND_DATA_SOCKET */
	__u8 protocol;  /* 1: IPPROTO_TCP (6) or IPPROTO_UDP (17) */
	__u8 family;    /* 2: AF_INET (2) or AF_INET6 (10) */
	__u8 direction; /* 3: enum tcptop_direction */
	__u32 bytes;    /* 4 */
	__u64 ts_ns;    /* 8 */
	__u64 cookie;   /* 16: socket cookie, never reused while the system runs */
	__u32 tgid;     /* 24: process id */
	__u32 tid;      /* 28: thread id */
	__u32 srtt_us;  /* 32: TCP smoothed round-trip time in microseconds; 0 for UDP */
	__u32 netns;    /* 36: tcptop_data_socket: the socket's network namespace (its inode number,
			 *     as in /proc/PID/ns/net) in a socket's first record (REASON_FIRST), 0 in
			 *     its others (a socket never changes namespace) and in a compact tcptop_data */
};                      /* 40 */

/*
 * A tcptop_data that also carries the socket's facts. Sent on the first record of a socket
 * and whenever the process or the peer differs from the last facts sent, so a reader that
 * keeps the latest facts per cookie can attribute every compact record. An unconnected UDP
 * socket sends facts with every record: its threads may talk to different peers at once, and
 * a compact record could follow another thread's facts in the ring.
 *
 * The owner's cgroup is read only when the owner may have changed (TCPTOP_REASON_FIRST or
 * TCPTOP_REASON_PID_CHANGED; 0 otherwise, meaning "as in the socket's previous facts"), so an
 * unconnected socket's records do not pay for it each time.
 */
struct tcptop_data_socket {
	struct tcptop_data data; /* 0 */
	__u16 local_port;        /* 40 */
	__u16 remote_port;       /* 42: for unconnected UDP, the peer of this very message */
	__u8 reason;             /* 44: enum tcptop_reason bits */
	__u8 reserved[3];        /* 45 */
	__u8 local_addr[16];     /* 48 */
	__u8 remote_addr[16];    /* 64: for unconnected UDP, the peer of this very message; zero
				  *     (with the port) for a receive that did not ask for the
				  *     sender's address (recv, read): no hook sees it then */
	char comm[16];           /* 80: thread name, NUL padded */
	__u64 cgroup_id;         /* 96: the cgroup v2 id of the thread (bpf_get_current_cgroup_id: the
				  *     inode of its cgroup directory) with FIRST or PID_CHANGED; else 0 */
};                               /* 104 */

/*
 * A TCP socket changed state (including to TCP_CLOSE). No pid: the change often runs in a
 * softirq on behalf of whichever process happened to be on the CPU. A listener's own changes
 * (listen(), its close) are not sent: a listener is not a connection. The sockets it accepts
 * are: their first change is LISTEN -> SYN_RECV (the clone starts as a copy of the listener). The counters are the
 * socket's own totals at the moment of the change, counted in sequence space: a SYN and a
 * FIN count one byte each (a client that sent 3000 bytes and closed has bytes_acked 3002).
 */
struct tcptop_state {
	__u8 kind;             /* 0: TCPTOP_KIND_STATE */
	__u8 protocol;         /* 1: IPPROTO_TCP */
	__u8 family;           /* 2 */
	__u8 old_state;        /* 3: TCP_ESTABLISHED (1) ... TCP_CLOSING (11), as in the kernel */
	__u8 new_state;        /* 4 */
	__u8 reserved0[3];     /* 5 */
	__u64 ts_ns;           /* 8 */
	__u64 cookie;          /* 16 */
	__u64 bytes_acked;     /* 24: tcp_sock.bytes_acked (sent and acknowledged) */
	__u32 srtt_us;         /* 32: tcp_sock.srtt_us >> 3 */
	__u32 netns;           /* 36: the socket's network namespace (inode number) */
	__u16 local_port;      /* 40: 0 while connect() has not picked the port yet */
	__u16 remote_port;     /* 42 */
	__u32 reserved2;       /* 44 */
	__u8 local_addr[16];   /* 48 */
	__u8 remote_addr[16];  /* 64 */
	__u64 bytes_received;  /* 80: tcp_sock.bytes_received */
};                             /* 88 */

/*
 * A UDP socket that has appeared in a data record was released (its last file reference
 * closed). UDP has no states; this lets a reader end a flow at its real end.
 */
struct tcptop_release {
	__u8 kind;        /* 0: TCPTOP_KIND_RELEASE */
	__u8 protocol;    /* 1 */
	__u8 family;      /* 2 */
	__u8 reserved[5]; /* 3 */
	__u64 ts_ns;      /* 8 */
	__u64 cookie;     /* 16 */
};                        /* 24 */

/*
 * Load-time configuration, in the .rodata.config section: user space writes it before
 * loading, so the verifier sees constants and prunes the filters that are off.
 *
 * The cgroup filters name their cgroups in maps (a cgroup is given by an open directory, which a
 * constant cannot hold): a task passes when it is in one of the map's cgroups or below one, taken
 * from index 0 up to the first empty slot. User space may add entries while recording (containers
 * that start later).
 */
struct tcptop_config {
	__u32 pids[TCPTOP_MAX_PIDS];   /* 0: record only these processes (tgid) ... */
	__u32 pid_count;               /* 32: ... when pid_count > 0 */
	__u32 protocols;               /* 36: TCPTOP_PROTO_* bits to record */
	__u16 ports[TCPTOP_MAX_PORTS]; /* 40: record only sockets with one of these as local or */
	__u32 port_count;              /* 56:   remote port, when port_count > 0 */
	__u32 reserved;                /* 60 */
	__u64 wakeup_bytes;            /* 64: wake the reader per this many bytes queued; 0: always */
	__u32 netns[TCPTOP_MAX_NETNS]; /* 72: record only sockets in these network namespaces ... */
	__u32 netns_count;             /* 104:  ... when netns_count > 0 */
	__u32 filters;                 /* 108: TCPTOP_FILTER_* bits: the filters that are on; with
					*      CGROUP, only tasks under a cgroup of owner_cgroups; with
					*      CONTAINER, of container_cgroups */
	__u64 reserved2;               /* 112 */
};                                     /* 120 */

#endif /* TCPTOP_H */
