/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: ping sockets, twin of include/net/ping.h (net/xinet/xping.c).
 */
#ifndef _NET_XINET_XPING_H
#define _NET_XINET_XPING_H

#include <linux/skbuff.h>

struct net;

/* ICMP's hooks: an echo reply, an error quoting an echo request. */
bool xping_rcv(struct sk_buff *skb);
void xping_err(struct sk_buff *skb, int offset, u32 info);

int xping_net_init(struct net *net);
void xping_net_exit(struct net *net);

#endif /* _NET_XINET_XPING_H */
