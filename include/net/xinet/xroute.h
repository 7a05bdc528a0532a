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

/**
 * struct xfib_route - one route of a namespace's table
 * @list: link in the table, longest prefix first (RCU, written under RTNL)
 * @dst: destination prefix (host bits clear)
 * @mask: netmask of @plen
 * @plen: prefix length, 0..32
 * @protocol: RTPROT_KERNEL for connected routes (made by addresses),
 *	RTPROT_STATIC for routes added by the administrator
 * @refs: addresses that need this connected route (RTPROT_KERNEL only)
 * @dev: output device, held
 * @dev_tracker: tracks the hold
 * @rcu: deferred free
 */
struct xfib_route {
	struct list_head	list;
	__be32			dst;
	__be32			mask;
	u8			plen;
	u8			protocol;
	unsigned int		refs;
	struct net_device	*dev;
	netdevice_tracker	dev_tracker;
	struct rcu_head		rcu;
};

int xip_route_output(struct net *net, struct xflowi4 *fl4,
		     struct xrtable *rt);
void xip_rt_put(struct xrtable *rt);

int xfib_route_add(struct net *net, __be32 dst, u8 plen,
		   struct net_device *dev, struct netlink_ext_ack *extack);
int xfib_route_del(struct net *net, __be32 dst, u8 plen,
		   struct net_device *dev, struct netlink_ext_ack *extack);

int xfib_connected_add(struct net *net, __be32 prefix, u8 plen,
		       struct net_device *dev);
void xfib_connected_del(struct net *net, __be32 prefix, u8 plen,
			struct net_device *dev);
void xfib_flush_dev(struct net_device *dev);
struct net_device *xfib_lookup_rcu(struct net *net, __be32 daddr, int oif);
__be32 xfib_compute_spec_dst(struct sk_buff *skb);
/* Called for each route by xfib_walk_rcu(); < 0 stops the walk. */
typedef int (*xfib_walk_fn)(const struct xfib_route *r, void *arg);
int xfib_walk_rcu(struct net *net, unsigned int skip, xfib_walk_fn fn,
		  void *arg);

int xfib_net_init(struct net *net);
void xfib_net_exit(struct net *net);

int xinet_netlink_init(void);
void xinet_netlink_exit(void);

#endif /* _NET_XINET_XROUTE_H */
