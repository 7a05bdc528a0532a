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

struct sock;

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
 * struct xfib_metrics - a route's metrics (twin of dst_metrics, as
 *	`ip route add ... mtu N advmss N ...` sets them)
 * @lock: RTAX_LOCK: bit n locks metric n (RTAX_MTU: ICMP may not lower
 *	it; RTAX_RTO_MIN: TCP takes it, as Linux takes it only locked)
 * @mtu: RTAX_MTU, 0 for the device's
 * @advmss: RTAX_ADVMSS, the MSS TCP announces, 0 for MTU - 40
 * @initcwnd: RTAX_INITCWND, segments, 0 for TCP's default
 * @initrwnd: RTAX_INITRWND, the first window in segments, 0 for no bound
 * @rto_min: RTAX_RTO_MIN, milliseconds
 * @quickack: RTAX_QUICKACK, TCP acknowledges every segment at once
 * @cc_algo: RTAX_CC_ALGO, the congestion control's name, "" for none
 */
struct xfib_metrics {
	u32	lock;
	u32	mtu;
	u32	advmss;
	u32	initcwnd;
	u32	initrwnd;
	u32	rto_min;
	u32	quickack;
	char	cc_algo[16];
};

/**
 * struct xrtable - the result of an output route lookup (twin of rtable)
 * @dev: output device, held (release with xip_rt_put())
 * @dev_tracker: tracks the hold in debug kernels
 * @rt_type: RTN_UNICAST, RTN_LOCAL (via the loopback xnet) or
 *	RTN_BROADCAST
 * @rt_mtu: path MTU: the device's, lowered by a PMTU exception for the
 *	destination (twin of dst_mtu())
 * @rt_pmtu: the exception's MTU, 0 without one (twin of rtable.rt_pmtu)
 * @rt_mtu_locked: the MTU may not change: the exception was clamped to
 *	min_pmtu, or the route's mtu metric is locked; DF is then not set for
 *	IP_PMTUDISC_WANT (twin of rtable.rt_mtu_locked and ip_mtu_locked())
 * @rt_metrics: the route's metrics (zero for local and link routes)
 */
struct xrtable {
	struct net_device	*dev;
	netdevice_tracker	dev_tracker;
	u8			rt_type;
	u8			rt_mtu_locked;
	unsigned int		rt_mtu;
	unsigned int		rt_pmtu;
	struct xfib_metrics	rt_metrics;
};

/**
 * struct xfib_nh_exception - what ICMP taught about one destination of a
 *	route (twin of fib_nh_exception)
 * @fnhe_next: next in the hash chain (RCU; xfnhe_lock to write)
 * @fnhe_daddr: the destination
 * @fnhe_pmtu: its path MTU
 * @fnhe_mtu_locked: @fnhe_pmtu was raised to min_pmtu
 * @fnhe_expires: jiffies after which it is forgotten (never 0)
 * @rcu: deferred free
 */
struct xfib_nh_exception {
	struct xfib_nh_exception __rcu	*fnhe_next;
	__be32				fnhe_daddr;
	u32				fnhe_pmtu;
	bool				fnhe_mtu_locked;
	unsigned long			fnhe_expires;
	struct rcu_head			rcu;
};

/* Exceptions of a route, hashed by destination, as FNHE_HASH_*. */
#define XFNHE_HASH_SHIFT	11
#define XFNHE_HASH_SIZE		(1 << XFNHE_HASH_SHIFT)
#define XFNHE_RECLAIM_DEPTH	5

struct xfnhe_hash_bucket {
	struct xfib_nh_exception __rcu	*chain;
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
 * @exceptions: PMTU exceptions, XFNHE_HASH_SIZE buckets made on first use
 *	(twin of fib_nh_common.nhc_exceptions)
 * @metrics: set when the route is added, read-only after
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
	struct xfnhe_hash_bucket __rcu *exceptions;
	struct xfib_metrics	metrics;
	struct rcu_head		rcu;
};

/* net.xinet.route.min_pmtu and mtu_expires defaults, as Linux's. */
#define XINET_DEFAULT_MIN_PMTU		(512 + 20 + 20)
#define XINET_DEFAULT_MTU_EXPIRES	(10 * 60 * HZ)

/**
 * struct xrt_cache - a connected socket's last output route (twin of
 *	sk_dst_cache), small enough for kmalloc-64
 * @dev: the route's device, not held: valid under RCU while @genid is
 *	the namespace's rt_genid, since a device goes away only after a bump
 *	and a grace period
 * @metrics: the route's metrics in the table (valid the same way), NULL
 *	for none
 * @rt_mtu: the route's MTU (a route with a path MTU exception is never
 *	cached)
 * @rt_type: its type
 * @rt_mtu_locked: its MTU is locked
 * @genid: the namespace's rt_genid before the lookup
 * @oif: the flow's output device, as asked
 * @daddr: the flow's destination
 * @saddr: the flow's source, as asked (0: the lookup's choice)
 * @saddr_out: the source the lookup gave
 * @rcu: freed after a grace period
 */
struct xrt_cache {
	struct net_device		*dev;
	const struct xfib_metrics	*metrics;
	unsigned int			rt_mtu;
	u8				rt_type;
	u8				rt_mtu_locked;
	int				genid;
	int				oif;
	__be32				daddr;
	__be32				saddr;
	__be32				saddr_out;
	struct rcu_head			rcu;
};

int xip_route_output(struct net *net, struct xflowi4 *fl4,
		     struct xrtable *rt);
void xip_rt_put(struct xrtable *rt);
int xip_route_output_sk(struct sock *sk, struct xflowi4 *fl4,
			struct xrtable *rt);
void xip_rt_cache_free(struct sock *sk);
void xinet_rt_genid_bump(struct net *net);

int xfib_route_add(struct net *net, __be32 dst, u8 plen,
		   struct net_device *dev, const struct xfib_metrics *mx,
		   struct netlink_ext_ack *extack);
int xfib_route_del(struct net *net, __be32 dst, u8 plen,
		   struct net_device *dev, struct netlink_ext_ack *extack);

int xfib_connected_add(struct net *net, __be32 prefix, u8 plen,
		       struct net_device *dev);
void xfib_connected_del(struct net *net, __be32 prefix, u8 plen,
			struct net_device *dev);
void xfib_flush_dev(struct net_device *dev);
struct net_device *xfib_lookup_rcu(struct net *net, __be32 daddr, int oif);
__be32 xfib_compute_spec_dst(struct sk_buff *skb);
struct xfib_route *xfib_lookup_route_rcu(struct net *net, __be32 daddr,
					 int oif);
void xfib_update_or_create_fnhe(struct xfib_route *r, __be32 daddr, u32 pmtu,
				bool lock, unsigned long expires);
struct xfib_nh_exception *xfib_find_exception_rcu(struct xfib_route *r,
						  __be32 daddr);
void xip_rt_update_pmtu(struct net *net, struct xflowi4 *fl4, u32 mtu);
/* Called for each route by xfib_walk_rcu(); < 0 stops the walk. */
typedef int (*xfib_walk_fn)(const struct xfib_route *r, void *arg);
int xfib_walk_rcu(struct net *net, unsigned int skip, xfib_walk_fn fn,
		  void *arg);

int xfib_net_init(struct net *net);
void xfib_net_exit(struct net *net);

int xinet_netlink_init(void);
void xinet_netlink_exit(void);

#endif /* _NET_XINET_XROUTE_H */
