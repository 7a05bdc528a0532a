/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: the AF_XINET socket, twin of include/net/inet_sock.h.
 *
 * Every AF_XINET sock starts with a struct xinet_sock, which starts with
 * the generic struct sock.  The connection identity lives where AF_INET
 * keeps it, in struct sock_common (skc_daddr, skc_rcv_saddr, skc_num,
 * skc_dport), so the generic socket code and the hash tables can read it
 * without knowing the family.
 */
#ifndef _NET_XINET_SOCK_H
#define _NET_XINET_SOCK_H

#include <net/inet_ecn.h>
#include <net/inet_sock.h>
#include <net/sock.h>

struct xrt_cache;

/**
 * struct xinet_sock - representation of an AF_XINET socket
 * @sk: the generic socket; must be first
 * @xinet_saddr: source address used for sending
 * @xinet_sport: source port, network byte order
 * @uc_ttl: unicast TTL, -1 for the namespace default
 * @tos: TOS byte for outgoing packets
 * @xinet_id: IP ID counter for connected sockets
 * @min_ttl: IP_MINTTL, drop received packets with a lower TTL
 * @mc_ttl: IP_MULTICAST_TTL
 * @pmtudisc: IP_MTU_DISCOVER, an IP_PMTUDISC_* value; xinet_create()
 *	starts it at IP_PMTUDISC_WANT as inet_create() does
 * @xinet_opt: IP_OPTIONS, compiled; replaced under the socket lock,
 *	read under RCU, freed after a grace period (kfree_rcu)
 * @rt_cache: the output route of a connected TCP or UDP socket
 *	(xip_route_output_sk()); replaced with xchg(), read under RCU,
 *	freed after a grace period
 * @xinet_flags: the boolean IP options, XINET_FLAGS_* bits; set and read
 *	without the socket lock (atomic bitops), as inet_flags is
 * @xinet_disconnects: sk_disconnects where struct sock lacks it
 *	(include/net/xinet/compat.h), under the socket lock
 *
 * Options are written with WRITE_ONCE() under setsockopt() and read with
 * READ_ONCE() by the send and receive paths, which do not always hold
 * the socket lock.
 */
struct xinet_sock {
	struct sock		sk;
	__be32			xinet_saddr;
	__be16			xinet_sport;
	s16			uc_ttl;
	u8			tos;
	atomic_t		xinet_id;
	u8			min_ttl;
	u8			mc_ttl;
	u8			pmtudisc;
	struct ip_options_rcu __rcu *xinet_opt;
	struct xrt_cache __rcu	*rt_cache;
	unsigned long		xinet_flags;
#ifndef XINET_HAVE_SK_DISCONNECTS
	int			xinet_disconnects;
#endif
};

/*
 * Bits of xinet_sock.xinet_flags, named as Linux's INET_FLAGS_* (the
 * socket option each stands for in the comment).  The UDP and raw
 * receive paths turn PKTINFO, TTL and TOS into control messages.
 */
enum {
	XINET_FLAGS_PKTINFO,		/* IP_PKTINFO */
	XINET_FLAGS_TTL,		/* IP_RECVTTL */
	XINET_FLAGS_TOS,		/* IP_RECVTOS */
	XINET_FLAGS_RECVOPTS,		/* IP_RECVOPTS */
	XINET_FLAGS_RETOPTS,		/* IP_RETOPTS */
	XINET_FLAGS_RECVERR,		/* IP_RECVERR: queue ICMP errors */
	XINET_FLAGS_RECVERR_RFC4884,	/* IP_RECVERR_RFC4884 */
	XINET_FLAGS_FREEBIND,		/* IP_FREEBIND */
	XINET_FLAGS_BIND_ADDRESS_NO_PORT, /* IP_BIND_ADDRESS_NO_PORT */
	XINET_FLAGS_MC_LOOP,		/* IP_MULTICAST_LOOP */
	XINET_FLAGS_MC_ALL,		/* IP_MULTICAST_ALL */
	XINET_FLAGS_RECVFRAGSIZE,	/* IP_RECVFRAGSIZE */
	XINET_FLAGS_HDRINCL,		/* IP_HDRINCL: raw socket writes the header */
};

#define xinet_test_bit(nr, sk)			\
	test_bit(XINET_FLAGS_##nr, &xinet_sk(sk)->xinet_flags)
#define xinet_set_bit(nr, sk)			\
	set_bit(XINET_FLAGS_##nr, &xinet_sk(sk)->xinet_flags)
#define xinet_clear_bit(nr, sk)			\
	clear_bit(XINET_FLAGS_##nr, &xinet_sk(sk)->xinet_flags)
#define xinet_assign_bit(nr, sk, val)		\
	assign_bit(XINET_FLAGS_##nr, &xinet_sk(sk)->xinet_flags, val)

/* The flags that ask for control messages on receive (IP_CMSG_ALL). */
#define XINET_CMSG_FLAGS	(BIT(XINET_FLAGS_PKTINFO) | BIT(XINET_FLAGS_TTL) | \
				 BIT(XINET_FLAGS_TOS) | BIT(XINET_FLAGS_RECVOPTS) | \
				 BIT(XINET_FLAGS_RETOPTS))

/* The identity fields, named as AF_INET names them (inet_daddr, ...). */
#define xinet_daddr		sk.__sk_common.skc_daddr
#define xinet_rcv_saddr		sk.__sk_common.skc_rcv_saddr
#define xinet_dport		sk.__sk_common.skc_dport
#define xinet_num		sk.__sk_common.skc_num

static inline struct xinet_sock *xinet_sk(const struct sock *sk)
{
	return (struct xinet_sock *)sk;
}

/*
 * Whether a received datagram needs xip_cmsg_recv() (inet_cmsg_flags()):
 * IP_MULTICAST_LOOP and IP_MULTICAST_ALL are on in every new socket.
 */
static inline unsigned long xinet_cmsg_flags(const struct sock *sk)
{
	return READ_ONCE(xinet_sk(sk)->xinet_flags) & XINET_CMSG_FLAGS;
}

/*
 * The state as seen by lockless readers (poll, /proc); pairs with the
 * release store of xinet_sk_state_store().
 */
static inline int xinet_sk_state_load(const struct sock *sk)
{
	/* Pairs with xinet_sk_state_store(): see what came before it. */
	return smp_load_acquire(&sk->sk_state);
}

static inline void xinet_sk_state_store(struct sock *sk, int newstate)
{
	/* Publish everything done for the old state before the new one. */
	smp_store_release(&sk->sk_state, newstate);
}

/*
 * Twins of INET_ECN_xmit() and INET_ECN_dontxmit() for IPv4: the ECN
 * field of the socket's TOS byte, which every packet it sends carries.
 */
static inline void xinet_ecn_xmit(struct sock *sk)
{
	struct xinet_sock *xinet = xinet_sk(sk);

	WRITE_ONCE(xinet->tos, (READ_ONCE(xinet->tos) & ~INET_ECN_MASK) |
			       INET_ECN_ECT_0);
}

static inline void xinet_ecn_dontxmit(struct sock *sk)
{
	struct xinet_sock *xinet = xinet_sk(sk);

	WRITE_ONCE(xinet->tos, READ_ONCE(xinet->tos) & ~INET_ECN_MASK);
}

#endif /* _NET_XINET_SOCK_H */
