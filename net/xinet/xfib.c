// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the routing table, twin of net/ipv4/fib_frontend.c and friends.
 */

#include <net/xinet/xroute.h>

int xfib_route_add(struct net *net, __be32 dst, u8 plen,
		   struct net_device *dev, struct netlink_ext_ack *extack)
{
	return -EOPNOTSUPP;
}

int xfib_route_del(struct net *net, __be32 dst, u8 plen,
		   struct net_device *dev, struct netlink_ext_ack *extack)
{
	return -EOPNOTSUPP;
}

int xfib_net_init(struct net *net)
{
	return 0;
}

void xfib_net_exit(struct net *net)
{
}
