/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: ICMP, twin of include/net/icmp.h (net/xinet/xicmp.c).
 */
#ifndef _NET_XINET_XICMP_H
#define _NET_XINET_XICMP_H

#include <linux/skbuff.h>

/*
 * Send an ICMP error about @skb_in (a received packet whose network
 * header is set), rate limited per net.xinet.icmp_ratelimit/ratemask.
 */
void xicmp_send(struct sk_buff *skb_in, int type, int code, __be32 info);

__be32 xinet_current_timestamp(void);

int xicmp_init(void);
void xicmp_exit(void);

#endif /* _NET_XINET_XICMP_H */
