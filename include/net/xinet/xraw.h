/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: raw sockets, twin of include/net/raw.h (net/xinet/xraw.c).
 */
#ifndef _NET_XINET_XRAW_H
#define _NET_XINET_XRAW_H

#include <linux/skbuff.h>
#include <linux/spinlock.h>

struct net;
struct sock;

#define XRAW_HTABLE_LOG		8
#define XRAW_HTABLE_SIZE	(1U << XRAW_HTABLE_LOG)

/**
 * struct xraw_hashinfo - the raw sockets (twin of struct raw_hashinfo)
 * @lock: serialises the chains' writers and the /proc and sock_diag
 *	readers
 * @ht: sockets by (namespace, protocol)
 */
struct xraw_hashinfo {
	spinlock_t		lock;
	struct hlist_head	ht[XRAW_HTABLE_SIZE];
};

extern struct xraw_hashinfo xraw_v4_hashinfo;

/* A clone of a local packet for every matching raw socket. */
bool xraw_local_deliver(struct sk_buff *skb, int protocol);
void xraw_icmp_error(struct sk_buff *skb, int protocol, u32 info);
int xraw_ioctl(struct sock *sk, int cmd, int *karg);
bool xraw_v4_match(const struct net *net, const struct sock *sk,
		   unsigned short num, __be32 raddr, __be32 laddr, int dif);
int xraw_abort(struct sock *sk, int err);

int xraw_net_init(struct net *net);
void xraw_net_exit(struct net *net);

#endif /* _NET_XINET_XRAW_H */
