// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: ICMP, twin of net/ipv4/icmp.c.
 */

#include <net/xinet/xicmp.h>

void xicmp_send(struct sk_buff *skb_in, int type, int code, __be32 info)
{
}

int xicmp_init(void)
{
	return 0;
}

void xicmp_exit(void)
{
}
