// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: IPv4 output, twin of net/ipv4/ip_output.c.
 */

#include <net/xinet/xip.h>

int xip_send_skb(struct net *net, struct sk_buff *skb, struct xrtable *rt,
		 const struct xip_cork *cork)
{
	kfree_skb(skb);
	return -ENETUNREACH;
}

u8 xip_select_ttl(const struct sock *sk)
{
	return 64;
}
