/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: routing, twin of include/net/route.h and include/net/ip_fib.h
 * (net/xinet/xfib.c for the table, net/xinet/xroute.c for lookups).
 *
 * xnet devices are point-to-point at layer 3, so a route is a prefix and
 * a device; there are no gateways or neighbours to resolve.
 */
#ifndef _NET_XINET_XROUTE_H
#define _NET_XINET_XROUTE_H

#include <linux/netdevice.h>
#include <linux/netlink.h>

/**
 * struct xflowi4 - what an output route is looked up for (twin of flowi4)
 * @oif: required output device (SO_BINDTODEVICE), 0 for any
 * @proto: transport protocol
 * @daddr: destination
 * @saddr: source; 0 asks the lookup to choose one
 * @sport: source port
 * @dport: destination port
 *
 * (The fields cannot take flowi4's names: those are macros in
 * <net/flow.h>.)
 */
struct xflowi4 {
	int	oif;
	u8	proto;
	__be32	daddr;
	__be32	saddr;
	__be16	sport;
	__be16	dport;
};

/**
 * struct xrtable - the result of an output route lookup (twin of rtable)
 * @dev: output device, held (release with xip_rt_put())
 * @dev_tracker: tracks the hold in debug kernels
 * @rt_type: RTN_UNICAST, RTN_LOCAL (via the loopback xnet) or
 *	RTN_BROADCAST
 * @rt_mtu: path MTU (the device's)
 */
struct xrtable {
	struct net_device	*dev;
	netdevice_tracker	dev_tracker;
	u8			rt_type;
	unsigned int		rt_mtu;
};

int xip_route_output(struct net *net, struct xflowi4 *fl4,
		     struct xrtable *rt);
void xip_rt_put(struct xrtable *rt);

int xfib_route_add(struct net *net, __be32 dst, u8 plen,
		   struct net_device *dev, struct netlink_ext_ack *extack);
int xfib_route_del(struct net *net, __be32 dst, u8 plen,
		   struct net_device *dev, struct netlink_ext_ack *extack);

int xfib_net_init(struct net *net);
void xfib_net_exit(struct net *net);

int xinet_netlink_init(void);
void xinet_netlink_exit(void);

#endif /* _NET_XINET_XROUTE_H */
