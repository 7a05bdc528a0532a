// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: addresses of xnet devices, twin of net/ipv4/devinet.c.
 */

#include <linux/rtnetlink.h>
#include <net/xinet/xdevinet.h>

struct xin_device *xin_dev_get_rcu(const struct net_device *dev)
{
	return NULL;
}

int xinet_ifa_add(struct net_device *dev, __be32 local, u8 prefixlen,
		  struct netlink_ext_ack *extack)
{
	return -EOPNOTSUPP;
}

int xinet_ifa_del(struct net_device *dev, __be32 local, u8 prefixlen,
		  struct netlink_ext_ack *extack)
{
	return -EOPNOTSUPP;
}

unsigned int xinet_addr_type(struct net *net, __be32 addr)
{
	return RTN_UNICAST;
}

__be32 xinet_select_addr(const struct net_device *dev, __be32 dst)
{
	return 0;
}

int xdevinet_init(void)
{
	return 0;
}

void xdevinet_exit(void)
{
}
