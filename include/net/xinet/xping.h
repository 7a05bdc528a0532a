/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: ping sockets, twin of include/net/ping.h (net/xinet/xping.c).
 */
#ifndef _NET_XINET_XPING_H
#define _NET_XINET_XPING_H

#include <linux/skbuff.h>
#include <linux/spinlock.h>

struct net;

#define XPING_HTABLE_SIZE	64

/**
 * struct xping_table - the bound ping sockets (twin of struct ping_table)
 * @hash: sockets by identifier
 * @lock: the chains and the rover; also taken by the /proc and sock_diag
 *	readers
 * @rover: the next identifier to try for an unbound socket
 */
struct xping_table {
	struct hlist_head	hash[XPING_HTABLE_SIZE];
	spinlock_t		lock;
	u16			rover;
};

extern struct xping_table xping_table;

/* ICMP's hooks: an echo reply, an error quoting an echo request. */
bool xping_rcv(struct sk_buff *skb);
void xping_err(struct sk_buff *skb, int offset, u32 info);

int xping_net_init(struct net *net);
void xping_net_exit(struct net *net);

#endif /* _NET_XINET_XPING_H */
