// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: xnet, the virtual layer-3 netdev (see include/net/xinet/xnet.h).
 */

#include <net/xinet/xnet.h>

bool netif_is_xnet(const struct net_device *dev)
{
	return false;
}

struct xin_device __rcu **xnet_xin_ptr(struct net_device *dev)
{
	return NULL;
}

int xnet_init(void)
{
	return 0;
}

void xnet_exit(void)
{
}

int xnet_net_init(struct net *net)
{
	return 0;
}

void xnet_net_exit(struct net *net)
{
}
