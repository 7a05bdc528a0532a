/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: raw sockets, twin of include/net/raw.h (net/xinet/xraw.c).
 */
#ifndef _NET_XINET_XRAW_H
#define _NET_XINET_XRAW_H

#include <linux/skbuff.h>

struct net;
struct sock;

/* A clone of a local packet for every matching raw socket. */
bool xraw_local_deliver(struct sk_buff *skb, int protocol);
void xraw_icmp_error(struct sk_buff *skb, int protocol, u32 info);
int xraw_ioctl(struct sock *sk, int cmd, int *karg);

int xraw_net_init(struct net *net);
void xraw_net_exit(struct net *net);

#endif /* _NET_XINET_XRAW_H */
