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

#include <net/sock.h>

/**
 * struct xinet_sock - representation of an AF_XINET socket
 * @sk: the generic socket; must be first
 * @xinet_saddr: source address used for sending
 * @xinet_sport: source port, network byte order
 * @uc_ttl: unicast TTL, -1 for the namespace default
 * @tos: TOS byte for outgoing packets
 * @hdrincl: raw socket supplies the IP header (IPPROTO_RAW)
 * @xinet_id: IP ID counter for connected sockets
 */
struct xinet_sock {
	struct sock		sk;
	__be32			xinet_saddr;
	__be16			xinet_sport;
	s16			uc_ttl;
	u8			tos;
	u8			hdrincl:1;
	atomic_t		xinet_id;
};

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

#endif /* _NET_XINET_SOCK_H */
