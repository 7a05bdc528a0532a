// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: IPv4 input, twin of net/ipv4/ip_input.c.
 */

#include <net/xinet/xip.h>

enum xip_hdr_verdict xip_check_header(const struct iphdr *iph,
				      unsigned int len)
{
	return XIP_HDR_TRUNCATED;
}

int xip_local_deliver(struct sk_buff *skb)
{
	kfree_skb(skb);
	return NET_RX_DROP;
}

int xip_rcv(struct sk_buff *skb, struct net_device *dev,
	    struct packet_type *pt, struct net_device *orig_dev)
{
	kfree_skb(skb);
	return NET_RX_DROP;
}

int xip_init(void)
{
	return 0;
}

void xip_exit(void)
{
}
