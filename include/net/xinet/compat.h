/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: every difference between the supported kernels (6.1 and 6.12
 * LTS) lives here and nowhere else.  Where a difference can be probed by
 * a macro or by Kbuild (see XINET_PROBE in ./Kbuild) it is; the version
 * checks that remain name the commit that made the change.
 */
#ifndef _NET_XINET_COMPAT_H
#define _NET_XINET_COMPAT_H

#include <linux/version.h>
#include <linux/net.h>
#include <net/sock.h>
#include <net/net_namespace.h>
#include <linux/win_minmax.h>

/*
 * proto_ops::accept and proto::accept take a struct proto_accept_arg
 * since 6.10 (commit 92ef0fd55ac8 "net: change proto and proto_ops accept
 * type"); before, flags, error and kern were separate arguments.  xinet's
 * accept is written against the new form; on older kernels
 * XINET_ACCEPT_OP() names an adapter with the old signature, which
 * XINET_DEFINE_ACCEPT_ADAPTER() defines next to the function.
 */
#ifdef XINET_HAVE_PROTO_ACCEPT_ARG
/* Nothing to adapt: just check that fn has the new signature. */
#define XINET_DEFINE_ACCEPT_ADAPTER(fn)					\
	static_assert(__same_type(&fn, int (*)(struct socket *,		\
					       struct socket *,		\
					       struct proto_accept_arg *)))
#define XINET_ACCEPT_OP(fn)	fn
#else
struct proto_accept_arg {
	int flags;
	int err;
	int is_empty;
	bool kern;
};

#define XINET_DEFINE_ACCEPT_ADAPTER(fn)					\
static int fn##_adapter(struct socket *sock, struct socket *newsock,	\
			int flags, bool kern)				\
{									\
	struct proto_accept_arg arg = { .flags = flags, .kern = kern };	\
									\
	return fn(sock, newsock, &arg);					\
}									\
static_assert(1)
#define XINET_ACCEPT_OP(fn)	fn##_adapter
#endif

/*
 * The same change for proto::accept: XINET_PROTO_ACCEPT_OP(fn) is @fn
 * itself, or an adapter with the old (flags, err, kern) signature.
 */
#ifdef XINET_HAVE_PROTO_ACCEPT_ARG
#define XINET_DEFINE_PROTO_ACCEPT_ADAPTER(fn)				\
	static_assert(__same_type(&fn, struct sock *(*)(struct sock *,	\
					struct proto_accept_arg *)))
#define XINET_PROTO_ACCEPT_OP(fn)	fn
#else
#define XINET_DEFINE_PROTO_ACCEPT_ADAPTER(fn)				\
static struct sock *fn##_proto_adapter(struct sock *sk, int flags,	\
				       int *err, bool kern)		\
{									\
	struct proto_accept_arg arg = { .flags = flags, .kern = kern };	\
	struct sock *newsk = fn(sk, &arg);				\
									\
	*err = arg.err;							\
	return newsk;							\
}									\
static_assert(1)
#define XINET_PROTO_ACCEPT_OP(fn)	fn##_proto_adapter
#endif

/*
 * proc_handler takes a const struct ctl_table since 6.11 (commit
 * 78eb4ea25cd5 "sysctl: treewide: constify the ctl_table argument of
 * proc_handlers").
 */
#ifdef XINET_HAVE_CONST_CTL_TABLE
#define xinet_ctl_table		const struct ctl_table
#else
#define xinet_ctl_table		struct ctl_table
#endif

/*
 * register_net_sysctl() became a macro over register_net_sysctl_sz(),
 * which needs the table size, in 6.6 (commit 3ddd0c65f1bb).  Per-netns
 * tables are kmemdup()ed pointers, so xinet always passes the size.
 * Tables keep an empty sentinel entry after the last one: 6.1 stops at
 * it, newer kernels stop at the size, which does not count it.
 */
static inline struct ctl_table_header *
xinet_register_net_sysctl(struct net *net, const char *path,
			  struct ctl_table *table, size_t size)
{
#ifdef register_net_sysctl
	return register_net_sysctl_sz(net, path, table, size);
#else
	return register_net_sysctl(net, path, table);
#endif
}

/*
 * Kernels after 6.1 ("ipv4: fix IPSTATS_MIB_OUTPKGS increment in
 * OutForwDatagrams") split OutRequests (IPSTATS_MIB_OUTREQUESTS, new)
 * from OutTransmits (IPSTATS_MIB_OUTPKTS, which was OutRequests).  xinet
 * counts with the new names; on older kernels OutRequests is the old
 * counter and there is no OutTransmits, only OutOctets.  The Ip: line of
 * /proc/net/xinet/snmp lists OutTransmits where the kernel has it.
 */
#ifdef XINET_HAVE_IPSTATS_OUTREQUESTS
#define xinet_count_out_transmit(net, len)				\
	SNMP_UPD_PO_STATS64(xinet_net(net)->mib.ip_statistics,		\
			    IPSTATS_MIB_OUT, len)
#define XINET_SNMP_IP_OUTTRANSMITS					\
	SNMP_MIB_ITEM("OutTransmits", IPSTATS_MIB_OUTPKTS),
#else
#define IPSTATS_MIB_OUTREQUESTS	IPSTATS_MIB_OUTPKTS
#define xinet_count_out_transmit(net, len)				\
	SNMP_ADD_STATS64(xinet_net(net)->mib.ip_statistics,		\
			 IPSTATS_MIB_OUTOCTETS, len)
#define XINET_SNMP_IP_OUTTRANSMITS
#endif

/*
 * TcpExt: counters that later kernels added to /proc/net/netstat, listed
 * by /proc/net/xinet/netstat where the kernel has them so that the two
 * files keep the same columns: TCPPLBRehash (6.2), TCPAO* (6.7).  The AO
 * counters are listed one XINET_SNMP_TCPEXT_AO_ITEM(name, entry) each,
 * an SNMP_MIB_ITEM() where the kernel has them and nothing (the
 * LINUX_MIB_* name left unused) where it does not.
 */
#ifdef XINET_HAVE_MIB_TCPPLBREHASH
#define XINET_SNMP_TCPEXT_PLB						\
	SNMP_MIB_ITEM("TCPPLBRehash", LINUX_MIB_TCPPLBREHASH),
#else
#define XINET_SNMP_TCPEXT_PLB
#endif
#ifdef XINET_HAVE_MIB_TCPAO
#define XINET_SNMP_TCPEXT_AO_ITEM(...)	SNMP_MIB_ITEM(__VA_ARGS__),
#else
#define XINET_SNMP_TCPEXT_AO_ITEM(...)
#endif

/*
 * SKB_DROP_REASON_TCP_AUTH_HDR (a malformed or doubled TCP-MD5/AO option)
 * came with TCP-AO in 6.7; 6.1's tcp_inbound_md5_hash() had no such
 * check, and xinet drops the segment there for no named reason.
 */
#ifdef XINET_HAVE_DROP_REASON_TCP_AUTH_HDR
#define XINET_DROP_REASON_TCP_AUTH_HDR	SKB_DROP_REASON_TCP_AUTH_HDR
#else
#define XINET_DROP_REASON_TCP_AUTH_HDR	SKB_DROP_REASON_NOT_SPECIFIED
#endif

/*
 * getsockopt(TCP_IS_MPTCP) came with 6.2; on 6.1 xinet answers it anyway
 * (0: a plain TCP socket), which no program there asks.
 */
#ifndef TCP_IS_MPTCP
#define TCP_IS_MPTCP		43
#endif

/*
 * net.ipv4.tcp_backlog_ack_defer came with 6.8: before it Linux's TCP
 * sent each ACK a backlog's segments called for as it processed them.
 * The tests that take AF_INET as the oracle ask whether it defers, and
 * turn it off and on as they do xinet's.
 */
#ifdef XINET_HAVE_INET_BACKLOG_ACK_DEFER
#define XINET_INET_BACKLOG_ACK_DEFER	1
static inline void xinet_inet_set_backlog_ack_defer(struct net *net, u8 on)
{
	WRITE_ONCE(net->ipv4.sysctl_tcp_backlog_ack_defer, on);
}
#else
#define XINET_INET_BACKLOG_ACK_DEFER	0
static inline void xinet_inet_set_backlog_ack_defer(struct net *net, u8 on)
{
}
#endif

/*
 * splice's end-of-input hook (proto_ops and proto .splice_eof, 6.5):
 * sendfile whose file ended early pushes what its last piece corked.  On
 * 6.1 sendfile's last sendpage goes without MSG_MORE instead, so there is
 * nothing to hook.
 */
#ifdef XINET_HAVE_SPLICE_EOF
#define XINET_SPLICE_EOF_OP(fn)		.splice_eof = fn,
#define xinet_prot_splice_eof(prot)	((prot)->splice_eof)
#else
#define XINET_SPLICE_EOF_OP(...)
#define xinet_prot_splice_eof(prot)	((void)(prot), (void (*)(struct socket *))NULL)
#endif

/*
 * Lockless transmit became a device bit (dev->lltx) instead of the
 * NETIF_F_LLTX feature in 6.12 (commit 00d066a4d4ed "netdev_features:
 * convert NETIF_F_LLTX to dev->lltx").
 */
#ifdef XINET_HAVE_DEV_LLTX
#define xinet_dev_set_lltx(dev)		((dev)->lltx = true)
#else
#define xinet_dev_set_lltx(dev)		((dev)->features |= NETIF_F_LLTX)
#endif

/*
 * A device that may not change namespace is marked by a bit
 * (netns_local in 6.12, later renamed netns_immutable) instead of the
 * NETIF_F_NETNS_LOCAL feature (commit 05c1280a2bcf "netdev_features:
 * convert NETIF_F_NETNS_LOCAL to dev->netns_local").
 */
#if defined(XINET_HAVE_NETNS_IMMUTABLE)
#define xinet_dev_set_netns_local(dev)	((dev)->netns_immutable = true)
#elif defined(NETIF_F_NETNS_LOCAL)
#define xinet_dev_set_netns_local(dev)	((dev)->features |= NETIF_F_NETNS_LOCAL)
#else
#define xinet_dev_set_netns_local(dev)	((dev)->netns_local = true)
#endif

/*
 * The socket flag SOCK_CUSTOM_SOCKOPT (in 6.12, not in 6.1, where only
 * MPTCP could take SOL_SOCKET options itself) sends SOL_SOCKET options
 * to the family's setsockopt.  xinet needs it for SO_REUSEPORT, which
 * the core refuses to families other than AF_INET/AF_INET6; without it
 * (6.1) AF_XINET sockets get EOPNOTSUPP for SO_REUSEPORT.
 */
static inline void xinet_sock_set_custom_sockopt(struct socket *sock)
{
#ifdef XINET_HAVE_SOCK_CUSTOM_SOCKOPT
	set_bit(SOCK_CUSTOM_SOCKOPT, &sock->flags);
#endif
}

/*
 * The protocol memory helpers (sk_memory_allocated_add, ...) moved from
 * <net/sock.h> to <net/proto_memory.h> in 6.10.
 */
#ifdef XINET_HAVE_PROTO_MEMORY_H
#include <net/proto_memory.h>
#endif

/* get_unaligned_be16() and friends: <linux/unaligned.h> since 6.12. */
#ifdef XINET_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* skb_frag_ref()/skb_frag_unref(): <linux/skbuff_ref.h> since 6.9. */
#ifdef XINET_HAVE_SKBUFF_REF_H
#include <linux/skbuff_ref.h>
#endif

/*
 * skb_gso_segment() and skb_gso_validate_network_len(): <net/gso.h> since
 * 6.5 (commit d457a0e329b0 "net: move gso declarations and functions to
 * their own files"), <linux/netdevice.h> and <linux/skbuff.h> before.
 */
#ifdef XINET_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

/*
 * net.core.skb_defer_max, the bound of a CPU's list of skbs that other
 * CPUs freed for it: a member of the exported struct net_hotdata since
 * 6.9; before, a global that is not exported, so 6.1 gets its default
 * (64).
 */
#ifdef XINET_HAVE_NET_HOTDATA
#include <net/hotdata.h>
#define xinet_skb_defer_max()	READ_ONCE(net_hotdata.sysctl_skb_defer_max)
#else
#define xinet_skb_defer_max()	64
#endif

#define xinet_sk_forward_alloc_add(sk, val)	sk_forward_alloc_add(sk, val)

/*
 * The reassembly drop reasons (FRAG_REASM_TIMEOUT, FRAG_TOO_FAR,
 * DUP_FRAG) came with include/net/dropreason-core.h (6.4); before, such
 * drops have no reason of their own.
 */
#ifndef XINET_HAVE_FRAG_DROP_REASONS
#define SKB_DROP_REASON_FRAG_REASM_TIMEOUT	SKB_DROP_REASON_NOT_SPECIFIED
#define SKB_DROP_REASON_FRAG_TOO_FAR		SKB_DROP_REASON_NOT_SPECIFIED
#define SKB_DROP_REASON_DUP_FRAG		SKB_DROP_REASON_NOT_SPECIFIED
#endif

/*
 * TCP_OLD_SEQUENCE (6.8) split the segments that end before rcv_wup out
 * of TCP_INVALID_SEQUENCE; before, they are invalid ones.
 */
#ifndef XINET_HAVE_TCP_OLD_SEQUENCE
#define SKB_DROP_REASON_TCP_OLD_SEQUENCE	SKB_DROP_REASON_TCP_INVALID_SEQUENCE
#endif

/* struct tcp_info grew tcpi_rcv_wnd (and more) after 6.1. */
#ifdef XINET_HAVE_TCPI_RCV_WND
#define xinet_tcp_info_set_rcv_wnd(info, val)	((info)->tcpi_rcv_wnd = (val))
#else
#define xinet_tcp_info_set_rcv_wnd(info, val)	\
	do { (void)(info); (void)(val); } while (0)
#endif

/*
 * 6.1 exports minmax_running_max() but not minmax_running_min().  There,
 * a plain windowed minimum: the least sample until it is older than the
 * window, then the newest one.  Linux's filter also keeps the second and
 * third best, so it falls back to those rather than to the newest.
 */
#ifdef XINET_HAVE_MINMAX_RUNNING_MIN
#define xinet_minmax_running_min	minmax_running_min
#else
static inline u32 xinet_minmax_running_min(struct minmax *m, u32 win, u32 t,
					   u32 meas)
{
	if (meas <= m->s[0].v || t - m->s[0].t > win)
		return minmax_reset(m, t, meas);
	return m->s[0].v;
}
#endif

/*
 * skb_condense() is exported from 6.3 on; before, a backlogged skb keeps
 * the truesize it came with.
 */
#ifdef XINET_HAVE_SKB_CONDENSE
#define xinet_skb_condense	skb_condense
#else
static inline void xinet_skb_condense(struct sk_buff *skb)
{
}
#endif

/* tcpi_total_rto, _rto_recoveries and _rto_time came in 6.7. */
#ifdef XINET_HAVE_TCPI_TOTAL_RTO
#define xinet_tcp_info_set_rto_stats(info, rtos, recoveries, ms)	\
	do {								\
		(info)->tcpi_total_rto = (rtos);			\
		(info)->tcpi_total_rto_recoveries = (recoveries);	\
		(info)->tcpi_total_rto_time = (ms);			\
	} while (0)
#else
#define xinet_tcp_info_set_rto_stats(info, rtos, recoveries, ms)	\
	do { (void)(info); (void)(rtos); (void)(recoveries); (void)(ms); } while (0)
#endif

/*
 * SOF_TIMESTAMPING_OPT_ID_TCP (6.2) starts a TCP socket's timestamp keys
 * at write_seq rather than snd_una.  Without it the bit is unknown and
 * the core refuses it, so no key is ever asked for that way.
 */
#ifdef XINET_HAVE_SOF_TIMESTAMPING_OPT_ID_TCP
#define xinet_tsflags_opt_id_tcp(val)	((val) & SOF_TIMESTAMPING_OPT_ID_TCP)
#else
#define xinet_tsflags_opt_id_tcp(val)	((void)(val), 0)
#endif

/*
 * sk_disconnects (6.6, commit 419ce133ab92 "tcp: allow again
 * tcp_disconnect() when threads are waiting", also in later 6.1.y)
 * counts connect(AF_UNSPEC) and failed connects: sk_wait_event() gives
 * -EPIPE to a thread that slept across one, so that it does not go on
 * with the next connection.  Without it xinet keeps the count in struct
 * xinet_sock, and the xinet_sk_wait_*() wrappers compare it around the
 * core's waits (which then return only once their own condition holds).
 */
#ifdef XINET_HAVE_SK_DISCONNECTS
#define xinet_sk_disconnects(sk)	((sk)->sk_disconnects)
#define xinet_sk_wait_data(sk, timeo, skb)	sk_wait_data(sk, timeo, skb)
#define xinet_sk_stream_wait_memory(sk, timeo)	\
	sk_stream_wait_memory(sk, timeo)
#define xinet_sk_stream_wait_connect(sk, timeo)	\
	sk_stream_wait_connect(sk, timeo)
#else
#define xinet_sk_disconnects(sk)	(xinet_sk(sk)->xinet_disconnects)
#define xinet_sk_wait_checked(sk, wait)				\
	({							\
		int __dis = xinet_sk_disconnects(sk);		\
		int __rc = (wait);				\
								\
		__dis != xinet_sk_disconnects(sk) ? -EPIPE : __rc; \
	})
#define xinet_sk_wait_data(sk, timeo, skb)			\
	xinet_sk_wait_checked(sk, sk_wait_data(sk, timeo, skb))
#define xinet_sk_stream_wait_memory(sk, timeo)			\
	xinet_sk_wait_checked(sk, sk_stream_wait_memory(sk, timeo))
#define xinet_sk_stream_wait_connect(sk, timeo)			\
	xinet_sk_wait_checked(sk, sk_stream_wait_connect(sk, timeo))
#endif

/*
 * An earliest departure time on the monotonic clock (TCP_TX_DELAY, for
 * fq): the clock became an enum skb_tstamp_type in 6.11, a bool before.
 */
#ifdef XINET_HAVE_SKB_CLOCK_MONOTONIC
#define xinet_skb_set_departure(skb, ns) \
	skb_set_delivery_time(skb, ns, SKB_CLOCK_MONOTONIC)
#else
#define xinet_skb_set_departure(skb, ns) \
	skb_set_delivery_time(skb, ns, true)
#endif

/*
 * Cache-line groups of struct members and their build-time checks came
 * with 6.8 (include/linux/cache.h); before 6.8,
 * the same markers, defined here, do the same.
 */
#ifndef __cacheline_group_begin
#define __cacheline_group_begin(GROUP) \
	__u8 __cacheline_group_begin__##GROUP[0]
#endif
#ifndef __cacheline_group_end
#define __cacheline_group_end(GROUP) \
	__u8 __cacheline_group_end__##GROUP[0]
#endif
#ifndef CACHELINE_ASSERT_GROUP_MEMBER
#define CACHELINE_ASSERT_GROUP_MEMBER(TYPE, GROUP, MEMBER) \
	BUILD_BUG_ON(!(offsetof(TYPE, MEMBER) >= \
		       offsetofend(TYPE, __cacheline_group_begin__##GROUP) && \
		       offsetofend(TYPE, MEMBER) <= \
		       offsetof(TYPE, __cacheline_group_end__##GROUP)))
#endif
#ifndef CACHELINE_ASSERT_GROUP_SIZE
#define CACHELINE_ASSERT_GROUP_SIZE(TYPE, GROUP, SIZE) \
	BUILD_BUG_ON(offsetof(TYPE, __cacheline_group_end__##GROUP) - \
		     offsetofend(TYPE, __cacheline_group_begin__##GROUP) > \
		     SIZE)
#endif

/*
 * TCP_ZEROCOPY_RECEIVE's memory helpers.  A VMA's flags change through
 * vm_flags_set() and vm_flags_clear() from 6.3 on, which write-lock the
 * VMA for the per-VMA locks; before, vm_flags is written directly (the
 * caller holds the mmap lock for writing either way).
 */
#ifdef XINET_HAVE_VM_FLAGS_SET
#define xinet_vm_flags_set(vma, flags)		vm_flags_set(vma, flags)
#define xinet_vm_flags_clear(vma, flags)	vm_flags_clear(vma, flags)
#else
#define xinet_vm_flags_set(vma, flags)		((vma)->vm_flags |= (flags))
#define xinet_vm_flags_clear(vma, flags)	((vma)->vm_flags &= ~(flags))
#endif

/*
 * Unmapping a range of one VMA: zap_page_range_single() is exported from
 * 6.3 on; 6.1 exports zap_page_range(), which walks the VMAs from @vma
 * on and so does the same for a range inside @vma.
 */
#ifdef XINET_HAVE_ZAP_PAGE_RANGE_SINGLE
#define xinet_zap_vma_range(vma, addr, size)	\
	zap_page_range_single(vma, addr, size, NULL)
#else
#define xinet_zap_vma_range(vma, addr, size)	zap_page_range(vma, addr, size)
#endif

/*
 * Fragments that are no pages (devmem TCP's net_iov, 6.12): before them
 * every fragment is a page and every skb's fragments are readable.
 */
#ifdef XINET_HAVE_NET_IOV
#define xinet_skb_frags_readable(skb)	skb_frags_readable(skb)
#define xinet_skb_frag_is_net_iov(frag)	skb_frag_is_net_iov(frag)
#else
#define xinet_skb_frags_readable(skb)	((void)(skb), true)
#define xinet_skb_frag_is_net_iov(frag)	((void)(frag), false)
#endif

#endif /* _NET_XINET_COMPAT_H */
