// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tcptop's kernel side: counts the bytes of every TCP and UDP send and receive, TCP state
 * changes, and the peers of unconnected UDP sockets, and hands them to user space through one
 * ring buffer. Record layouts: tcptop.h.
 *
 * Hooks are tp_btf (typed tracepoints): on this kernel kprobes are off and fentry is refused,
 * and tp_btf needs no tracefs. Unconnected UDP peers are only visible in the msghdr, so
 * cgroup sock_addr programs on the cgroup v2 root remember them per thread; on a host without
 * cgroup v2 user space does not load those (the peers of unconnected UDP are then unknown).
 *
 * Who owns a flow (process, its cgroup, the socket's network namespace) goes out with the
 * socket's facts only, never with every send and receive (tcptop_data_socket).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_core_read.h>
#include "tcptop.h"

#define AF_INET 2
#define AF_INET6 10
#define MSG_PEEK 2
#define SOCK_STREAM 1

/* kfunc (6.2+): retypes a pointer for read-only (fault-safe) loads; the verifier inlines it */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

_Static_assert(sizeof(struct tcptop_data) == 40, "tcptop_data is 40 bytes");
_Static_assert(sizeof(struct tcptop_data_socket) == 104, "tcptop_data_socket is 104 bytes");
_Static_assert(sizeof(struct tcptop_state) == 88, "tcptop_state is 88 bytes");
_Static_assert(sizeof(struct tcptop_release) == 24, "tcptop_release is 24 bytes");
_Static_assert(sizeof(struct tcptop_config) == 120, "tcptop_config is 120 bytes");
/* the shared offsets that let one reader accessor serve several kinds (tcptop.h) */
#define SAME_OFFSET(a, b, f) \
	_Static_assert(__builtin_offsetof(struct a, f) == __builtin_offsetof(struct b, f), #f)
SAME_OFFSET(tcptop_data, tcptop_state, ts_ns);
SAME_OFFSET(tcptop_data, tcptop_state, cookie);
SAME_OFFSET(tcptop_data, tcptop_state, srtt_us);
SAME_OFFSET(tcptop_data, tcptop_state, netns);
SAME_OFFSET(tcptop_data, tcptop_release, family);
SAME_OFFSET(tcptop_data, tcptop_release, cookie);
SAME_OFFSET(tcptop_data_socket, tcptop_state, local_port);
SAME_OFFSET(tcptop_data_socket, tcptop_state, remote_port);
SAME_OFFSET(tcptop_data_socket, tcptop_state, local_addr);
SAME_OFFSET(tcptop_data_socket, tcptop_state, remote_addr);

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Written by user space before load; see struct tcptop_config. */
const volatile struct tcptop_config cfg SEC(".rodata.config") = {
	.protocols = TCPTOP_PROTO_TCP | TCPTOP_PROTO_UDP,
	.wakeup_bytes = 256 * 1024,
};

/* User space sets the size (a power of two) before load. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024 * 1024);
} events SEC(".maps");

/*
 * The cgroups of the --cgroup and --container filters (see tcptop_config): user space stores
 * their directories' fds from index 0 on, before load and, for containers, while recording.
 */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, TCPTOP_MAX_CGROUPS);
	__type(key, __u32);
	__type(value, __u32);
} owner_cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, TCPTOP_MAX_CGROUPS);
	__type(key, __u32);
	__type(value, __u32);
} container_cgroups SEC(".maps");

/* Records lost because the ring was full; per CPU so that counting never contends. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/* 8-aligned wherever it is kept: same_peer compares the address as two u64 loads */
struct peer {
	__u8 addr[16];
	__u16 port;
} __attribute__((aligned(8)));

/*
 * What the kernel side remembers per socket. Socket-local storage lives and dies with the
 * socket, so nothing needs evicting. BPF_F_CLONE copies it to the sockets a listener accepts,
 * which is how accepted sockets inherit `wanted` from their listener.
 */
struct sock_state {
	__u64 reported_cookie; /* facts were sent for this cookie (a clone's cookie differs) */
	__u32 reported_tgid;
	struct peer reported;  /* peer in the facts last sent */
	__u8 wanted;           /* a process passing the pid filter used this socket */
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC | BPF_F_CLONE);
	__type(key, int);
	__type(value, struct sock_state);
} sockets SEC(".maps");

/*
 * The peer of the unconnected-UDP message a thread is sending or receiving, left by the cgroup
 * hook for the send/recv tracepoint that ends the same call. Kept per thread, not per socket:
 * threads sharing a socket run these calls at the same time, and one thread's peer must not
 * land on another thread's message. Task-local storage lives and dies with the thread.
 */
struct pending_peer {
	__u64 sk;              /* the socket of the call in progress (its address); 0: none */
	struct peer peer;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct pending_peer);
} pending SEC(".maps");

static __always_inline void count_lost(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&lost, &zero);

	if (n)
		*n += 1;
}

/*
 * Bytes (records plus their 8-byte headers) submitted since load, all CPUs together. Only
 * the wakeup decision reads it.
 */
__u64 submitted_bytes SEC(".bss");

/*
 * Waking the reader costs more than the rest of the event (1-2 us in a VM), so wake it once
 * per wakeup_bytes submitted: when this record made the running total cross another multiple
 * of it. A reader only sleeps in epoll once it has drained the ring, so it is woken by the
 * time wakeup_bytes are queued again; a busy (or stalled) reader costs one wakeup per
 * wakeup_bytes, never one per record. The reader polls with a timeout, which picks up a
 * trickle below the threshold. One atomic add on a global, where asking the ring for its
 * backlog (bpf_ringbuf_query) was a helper call per record.
 */
static __always_inline __u64 wakeup_flag(__u64 record_size)
{
	__u64 before, after;

	if (!cfg.wakeup_bytes)
		return BPF_RB_FORCE_WAKEUP;
	before = __sync_fetch_and_add(&submitted_bytes, record_size + 8);
	after = before + record_size + 8;
	return after / cfg.wakeup_bytes != before / cfg.wakeup_bytes ? BPF_RB_FORCE_WAKEUP
								     : BPF_RB_NO_WAKEUP;
}

static __always_inline bool protocol_wanted(__u16 protocol)
{
	if (protocol == IPPROTO_TCP)
		return cfg.protocols & TCPTOP_PROTO_TCP;
	if (protocol == IPPROTO_UDP)
		return cfg.protocols & TCPTOP_PROTO_UDP;
	return false;
}

static __always_inline bool pid_wanted(__u32 tgid)
{
	if (!cfg.pid_count)
		return true;
	for (int i = 0; i < TCPTOP_MAX_PIDS; i++) {
		if (i >= cfg.pid_count)
			break;
		if (cfg.pids[i] == tgid)
			return true;
	}
	return false;
}

/* Whether the current task is in one of the map's cgroups or below one (an empty slot ends them). */
static __always_inline bool task_in_cgroups(void *map)
{
	for (int i = 0; i < TCPTOP_MAX_CGROUPS; i++) {
		long in = bpf_current_task_under_cgroup(map, i);

		if (in < 0)
			break;
		if (in == 1)
			return true;
	}
	return false;
}

/* The cgroup filters, on the current task; the verifier prunes what cfg turns off. */
static __always_inline bool owner_wanted(void)
{
	if ((cfg.filters & TCPTOP_FILTER_CGROUP) && !task_in_cgroups(&owner_cgroups))
		return false;
	if ((cfg.filters & TCPTOP_FILTER_CONTAINER) && !task_in_cgroups(&container_cgroups))
		return false;
	return true;
}

/* Whether a filter on the owning task is on: state changes (softirq) then ask the socket. */
static __always_inline bool filters_owner(void)
{
	return cfg.filters & TCPTOP_FILTER_OWNER;
}

/* The socket's network namespace, by its inode number (what /proc/PID/ns/net links to). */
static __always_inline __u32 netns_of(const struct sock *sk)
{
	return sk->__sk_common.skc_net.net->ns.inum;
}

static __always_inline bool netns_wanted(const struct sock *sk)
{
	__u32 netns;

	if (!(cfg.filters & TCPTOP_FILTER_NETNS))
		return true;
	netns = netns_of(sk);
	for (int i = 0; i < TCPTOP_MAX_NETNS; i++) {
		if (i >= cfg.netns_count)
			break;
		if (cfg.netns[i] == netns)
			return true;
	}
	return false;
}

static __always_inline bool port_wanted(__u16 local, __u16 remote)
{
	if (!cfg.port_count)
		return true;
	for (int i = 0; i < TCPTOP_MAX_PORTS; i++) {
		if (i >= cfg.port_count)
			break;
		if (cfg.ports[i] == local || cfg.ports[i] == remote)
			return true;
	}
	return false;
}

/* Addresses straight through the typed pointer: cheaper than CO-RE probe reads. */
static __always_inline void read_addrs(const struct sock *sk, __u16 family, __u8 *local,
				       __u8 *remote)
{
	if (family == AF_INET) {
		*(__u32 *)local = sk->__sk_common.skc_rcv_saddr;
		*(__u32 *)remote = sk->__sk_common.skc_daddr;
		return;
	}
	__builtin_memcpy(local, &sk->__sk_common.skc_v6_rcv_saddr, 16);
	__builtin_memcpy(remote, &sk->__sk_common.skc_v6_daddr, 16);
}

static __always_inline void read_remote(const struct sock *sk, __u16 family, struct peer *p)
{
	p->port = bpf_ntohs(sk->__sk_common.skc_dport);
	if (family == AF_INET) {
		/* all 16 bytes: same_peer compares them, and user space receives them */
		__builtin_memset(p->addr, 0, sizeof(p->addr));
		*(__u32 *)p->addr = sk->__sk_common.skc_daddr;
	} else {
		__builtin_memcpy(p->addr, &sk->__sk_common.skc_v6_daddr, 16);
	}
}

static __always_inline bool same_peer(const struct peer *a, const struct peer *b)
{
	return a->port == b->port && *(__u64 *)&a->addr[0] == *(__u64 *)&b->addr[0] &&
	       *(__u64 *)&a->addr[8] == *(__u64 *)&b->addr[8];
}

/*
 * The socket cookie is generated on first use and then kept in the socket, so after the first
 * record a plain load through the typed pointer gives the same value as the helper call.
 */
static __always_inline __u64 cookie_of(struct sock *sk)
{
	__u64 cookie = sk->__sk_common.skc_cookie.counter;

	return cookie ? cookie : bpf_get_socket_cookie(sk);
}

/*
 * TCP's smoothed RTT. A stream socket of protocol TCP is a tcp_sock (what bpf_skc_to_tcp_sock
 * checks too, as a helper call per event); bpf_rdonly_cast reads it as one without a call.
 */
static __always_inline __u32 srtt_of(struct sock *sk, __u16 protocol)
{
	struct tcp_sock *tp;

	if (protocol != IPPROTO_TCP || sk->sk_type != SOCK_STREAM)
		return 0;
	tp = bpf_rdonly_cast(sk, bpf_core_type_id_kernel(struct tcp_sock));
	return tp->srtt_us >> 3;
}

static __always_inline void fill_data(struct tcptop_data *d, __u8 kind, __u8 direction,
				      __u16 protocol, __u16 family, int bytes, __u64 cookie,
				      __u64 pid_tgid, __u32 srtt)
{
	d->kind = kind;
	d->direction = direction;
	d->protocol = protocol;
	d->family = family;
	d->bytes = bytes;
	d->ts_ns = bpf_ktime_get_ns();
	d->cookie = cookie;
	d->tgid = pid_tgid >> 32;
	d->tid = (__u32)pid_tgid;
	d->srtt_us = srtt;
	d->netns = 0;
}

/*
 * The peer the cgroup hook left for this thread's call on this socket, into *peer; consumed
 * either way, since the tracepoint ends the call: a peer left by a call that failed after the
 * hook (or a peek) must not name the next message, which may be a recv() that asked for no
 * address and so ran no hook.
 */
static __always_inline void take_pending_peer(struct sock *sk, struct peer *peer)
{
	struct pending_peer *p = bpf_task_storage_get(&pending, bpf_get_current_task_btf(), 0, 0);

	if (!p || !p->sk)
		return;
	if (p->sk == (__u64)sk)
		*peer = p->peer;
	p->sk = 0;
}

/*
 * Shared by send and receive. Most records are the compact 40-byte kind; the socket's facts
 * (addresses, ports, comm) go out only when the reader does not know them yet, and always for
 * unconnected UDP (see tcptop_data_socket).
 */
static __always_inline int record_length(struct sock *sk, int ret, int flags, __u8 direction)
{
	__u16 family, protocol, local_port;
	struct sock_state *st;
	struct peer peer;
	__u64 pid_tgid, cookie;
	bool unconnected;
	__u8 reason = 0;

	family = sk->__sk_common.skc_family;
	if (family != AF_INET && family != AF_INET6)
		return 0;
	protocol = sk->sk_protocol;
	if (!protocol_wanted(protocol))
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	if (!pid_wanted(pid_tgid >> 32))
		return 0;
	read_remote(sk, family, &peer);
	/* Unconnected UDP: the peer is only known from the cgroup hook that ran in this call. */
	unconnected = protocol == IPPROTO_UDP && !peer.port;
	if (unconnected)
		take_pending_peer(sk, &peer);
	/* recv also fires at EOF and on errors; a peek is read again later */
	if (ret <= 0 || (direction == TCPTOP_DIR_RECV && (flags & MSG_PEEK)))
		return 0;
	/* after take_pending_peer: a peer the hook left for a filtered call must not stay behind;
	 * one word says whether any of these filters is on (most recordings have none) */
	if ((cfg.filters & (TCPTOP_FILTER_CGROUP | TCPTOP_FILTER_CONTAINER | TCPTOP_FILTER_NETNS)) &&
	    (!owner_wanted() || !netns_wanted(sk)))
		return 0;

	st = bpf_sk_storage_get(&sockets, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	local_port = sk->__sk_common.skc_num;
	if (!port_wanted(local_port, peer.port))
		return 0;
	cookie = cookie_of(sk);

	if (!st || st->reported_cookie != cookie)
		reason = TCPTOP_REASON_FIRST;
	else {
		if (st->reported_tgid != pid_tgid >> 32)
			reason |= TCPTOP_REASON_PID_CHANGED;
		if (!same_peer(&st->reported, &peer))
			reason |= TCPTOP_REASON_PEER_CHANGED;
	}
	if (unconnected)
		reason |= TCPTOP_REASON_UNCONNECTED;
	if (st && filters_owner())
		st->wanted = 1;

	if (!reason) {
		struct tcptop_data *d = bpf_ringbuf_reserve(&events, sizeof(*d), 0);

		if (!d) {
			count_lost();
			return 0;
		}
		fill_data(d, TCPTOP_KIND_DATA, direction, protocol, family, ret, cookie, pid_tgid,
			  srtt_of(sk, protocol));
		bpf_ringbuf_submit(d, wakeup_flag(sizeof(*d)));
		return 0;
	}

	struct tcptop_data_socket *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e) {
		/* st stays as it was: the facts go out with the next record that fits */
		count_lost();
		return 0;
	}
	fill_data(&e->data, TCPTOP_KIND_DATA_SOCKET, direction, protocol, family, ret, cookie,
		  pid_tgid, srtt_of(sk, protocol));
	/* a socket never changes namespace: its first record names it, user space keeps it (an
	 * unconnected UDP socket's every record carries its facts, and need not read this again) */
	e->data.netns = reason & TCPTOP_REASON_FIRST ? netns_of(sk) : 0;
	/* the owner's cgroup only when the owner may be new: most unconnected-UDP records skip it */
	e->cgroup_id = reason & (TCPTOP_REASON_FIRST | TCPTOP_REASON_PID_CHANGED) ?
			       bpf_get_current_cgroup_id() : 0;
	e->local_port = local_port;
	e->remote_port = peer.port;
	e->reason = reason;
	e->reserved[0] = e->reserved[1] = e->reserved[2] = 0;
	__builtin_memset(e->local_addr, 0, sizeof(e->local_addr));
	if (family == AF_INET)
		*(__u32 *)e->local_addr = sk->__sk_common.skc_rcv_saddr;
	else
		__builtin_memcpy(e->local_addr, &sk->__sk_common.skc_v6_rcv_saddr, 16);
	__builtin_memcpy(e->remote_addr, peer.addr, 16);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, wakeup_flag(sizeof(*e)));

	if (st) {
		st->reported_cookie = cookie;
		st->reported_tgid = pid_tgid >> 32;
		st->reported = peer;
	}
	return 0;
}

/* Every send, sendto, sendmsg, write and sendfile on a socket, in the sender's context. */
SEC("tp_btf/sock_send_length")
int BPF_PROG(handle_sock_send_length, struct sock *sk, int ret, int flags)
{
	return record_length(sk, ret, flags, TCPTOP_DIR_SEND);
}

/* Every recv, recvfrom, recvmsg and read on a socket, in the receiver's context. */
SEC("tp_btf/sock_recv_length")
int BPF_PROG(handle_sock_recv_length, struct sock *sk, int ret, int flags)
{
	return record_length(sk, ret, flags, TCPTOP_DIR_RECV);
}

/*
 * The owner filters (pid, cgroup, container) cannot use the current task here (softirq
 * context), so they ask the socket: connect() and listen() run in the owner's context and mark
 * it, accepted sockets inherit the mark from their listener, and send/recv mark sockets of
 * wanted tasks.
 */
static __always_inline bool state_wanted(struct sock *sk, int newstate)
{
	struct sock_state *st;

	if (!filters_owner())
		return true;
	if (newstate == TCP_SYN_SENT || newstate == TCP_LISTEN) {
		st = bpf_sk_storage_get(&sockets, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
		if (st && pid_wanted(bpf_get_current_pid_tgid() >> 32) && owner_wanted())
			st->wanted = 1;
	} else {
		st = bpf_sk_storage_get(&sockets, sk, 0, 0);
	}
	return st && st->wanted;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(handle_inet_sock_set_state, const struct sock *csk, const int oldstate,
	     const int newstate)
{
	struct sock *sk = (struct sock *)csk;
	struct tcptop_state *e;
	struct tcp_sock *tp;
	__u16 family, local_port, remote_port;

	if (sk->sk_protocol != IPPROTO_TCP || !(cfg.protocols & TCPTOP_PROTO_TCP))
		return 0;
	family = sk->__sk_common.skc_family;
	if (family != AF_INET && family != AF_INET6)
		return 0;
	/*
	 * A listener is not a connection: listen() and the listener's close are not sent. listen()
	 * still marks the listener for the pid filter, so that the sockets it accepts (whose first
	 * change, LISTEN -> SYN_RECV, is sent) inherit the mark.
	 */
	if (newstate == TCP_LISTEN) {
		state_wanted(sk, newstate);
		return 0;
	}
	if (!netns_wanted(sk))
		return 0;
	if (oldstate == TCP_LISTEN && newstate == TCP_CLOSE)
		return 0;
	tp = bpf_skc_to_tcp_sock(sk);
	if (!tp)
		return 0;
	/* at TCP_CLOSE the socket is already unhashed and skc_num is 0; inet_sport survives */
	local_port = sk->__sk_common.skc_num;
	if (!local_port)
		local_port = bpf_ntohs(tp->inet_conn.icsk_inet.inet_sport);
	remote_port = bpf_ntohs(sk->__sk_common.skc_dport);
	if (!port_wanted(local_port, remote_port) || !state_wanted(sk, newstate))
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost();
		return 0;
	}
	e->kind = TCPTOP_KIND_STATE;
	e->protocol = IPPROTO_TCP;
	e->family = family;
	e->old_state = oldstate;
	e->new_state = newstate;
	e->reserved0[0] = e->reserved0[1] = e->reserved0[2] = 0;
	e->ts_ns = bpf_ktime_get_ns();
	e->cookie = bpf_get_socket_cookie(sk);
	e->bytes_acked = tp->bytes_acked;
	e->srtt_us = tp->srtt_us >> 3;
	e->netns = netns_of(sk);
	e->local_port = local_port;
	e->remote_port = remote_port;
	e->reserved2 = 0;
	e->bytes_received = tp->bytes_received;
	__builtin_memset(e->local_addr, 0, sizeof(e->local_addr));
	__builtin_memset(e->remote_addr, 0, sizeof(e->remote_addr));
	read_addrs(sk, family, e->local_addr, e->remote_addr);
	bpf_ringbuf_submit(e, wakeup_flag(sizeof(*e)));
	return 0;
}

/*
 * sendto/recvfrom on an unconnected UDP socket: remember the peer of this message for the
 * sock_send_length/sock_recv_length that ends the same call, in the same thread. The sendmsg
 * hook runs before the send; the recvmsg hook runs after the datagram is copied, before the
 * receive tracepoint, and only when the caller asked for the sender's address (recvfrom with
 * an address, recvmsg with msg_name): a recv() or read() runs no hook, so no hook in the
 * kernel tells us its sender. Always allow the call (return 1): tcptop only watches.
 */
static __always_inline void remember_peer(struct bpf_sock_addr *ctx, bool v6)
{
	struct bpf_sock *sk = ctx->sk;
	struct pending_peer *p;
	__u64 pid_tgid;

	if (!sk || ctx->protocol != IPPROTO_UDP || !(cfg.protocols & TCPTOP_PROTO_UDP))
		return;
	/* A connected socket's records name its connected peer (record_length uses `pending`
	 * only while the socket has no peer), so remembering this one would be wasted: the JDK,
	 * for one, passes the address on every send of a connected DatagramChannel. */
	if (sk->dst_port)
		return;
	pid_tgid = bpf_get_current_pid_tgid();
	if (!pid_wanted(pid_tgid >> 32))
		return;
	p = bpf_task_storage_get(&pending, bpf_get_current_task_btf(), 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!p)
		return;
	p->peer.port = bpf_ntohs((__u16)ctx->user_port);
	if (v6) {
		__u32 *a = (__u32 *)p->peer.addr;

		a[0] = ctx->user_ip6[0];
		a[1] = ctx->user_ip6[1];
		a[2] = ctx->user_ip6[2];
		a[3] = ctx->user_ip6[3];
	} else if (ctx->family == AF_INET6) {
		/* an IPv4 peer of a dual-stack IPv6 socket (the v4 hook runs for it): store it
		 * as ::ffff:a.b.c.d, the form the socket's own addresses take */
		__u32 *a = (__u32 *)p->peer.addr;

		a[0] = 0;
		a[1] = 0;
		a[2] = bpf_htonl(0xffff);
		a[3] = ctx->user_ip4;
	} else {
		__builtin_memset(p->peer.addr, 0, sizeof(p->peer.addr));
		*(__u32 *)p->peer.addr = ctx->user_ip4;
	}
	/* The address, not the cookie: it names the socket as well within one call (the socket
	 * cannot go away while the call uses it) and costs no helper call. */
	p->sk = (__u64)sk;
}

SEC("cgroup/sendmsg4")
int handle_sendmsg4(struct bpf_sock_addr *ctx)
{
	remember_peer(ctx, false);
	return 1;
}

SEC("cgroup/sendmsg6")
int handle_sendmsg6(struct bpf_sock_addr *ctx)
{
	remember_peer(ctx, true);
	return 1;
}

SEC("cgroup/recvmsg4")
int handle_recvmsg4(struct bpf_sock_addr *ctx)
{
	remember_peer(ctx, false);
	return 1;
}

SEC("cgroup/recvmsg6")
int handle_recvmsg6(struct bpf_sock_addr *ctx)
{
	remember_peer(ctx, true);
	return 1;
}

/* A UDP socket's last close: tell the reader its flow ended, if it ever saw the socket. */
SEC("cgroup/sock_release")
int handle_sock_release(struct bpf_sock *ctx)
{
	struct tcptop_release *e;
	struct sock_state *st;
	__u64 cookie;

	if (ctx->protocol != IPPROTO_UDP)
		return 1;
	st = bpf_sk_storage_get(&sockets, ctx, 0, 0);
	if (!st || !st->reported_cookie)
		return 1;
	cookie = bpf_get_socket_cookie(ctx);
	if (st->reported_cookie != cookie)
		return 1;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost();
		return 1;
	}
	e->kind = TCPTOP_KIND_RELEASE;
	e->protocol = IPPROTO_UDP;
	e->family = ctx->family;
	__builtin_memset(e->reserved, 0, sizeof(e->reserved));
	e->ts_ns = bpf_ktime_get_ns();
	e->cookie = cookie;
	bpf_ringbuf_submit(e, wakeup_flag(sizeof(*e)));
	return 1;
}

/*
 * Never called and never loaded. Its prototype puts the record layouts into the object's BTF
 * (clang only describes types that a global or a function signature mentions), where
 * KernelRecordLayoutTest checks the Java mirror against them.
 */
__attribute__((noinline)) int tcptop_record_layouts(struct tcptop_data *data,
						     struct tcptop_data_socket *data_socket,
						     struct tcptop_state *state,
						     struct tcptop_release *release)
{
	return 0;
}
