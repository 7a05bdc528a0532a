// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: output route lookups, twin of net/ipv4/route.c.
 */

#include <net/xinet/xroute.h>

int xip_route_output(struct net *net, struct xflowi4 *fl4, struct xrtable *rt)
{
	return -ENETUNREACH;
}

void xip_rt_put(struct xrtable *rt)
{
}
