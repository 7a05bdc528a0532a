// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the routing table, twin of net/ipv4/fib_frontend.c and friends.
 *
 * One table per namespace: a list of (prefix, length, device) kept in
 * order of decreasing prefix length, so that the first route that
 * matches is the longest-prefix match.  Tables are small (an address
 * or two per xnet device and a few static routes), so a list beats a
 * trie on both code size and speed.
 *
 * Locking: writers hold RTNL (every caller, netlink, address changes and
 * device notifiers, already does); readers walk the list under RCU.
 * Every route holds its device; routes of a device go when it
 * unregisters (xfib_flush_dev(), called by xdevinet's notifier).
 */

#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xip.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xroute.h>

/**
 * struct xfib_table - the routing table of a namespace
 * @routes: struct xfib_route, longest prefix first (RCU; RTNL to write)
 */
struct xfib_table {
	struct list_head	routes;
};

static struct xfib_table *xfib_table(struct net *net)
{
	return xinet_net(net)->fib;
}

/*
 * Twin of free_nh_exceptions(): a grace period after the route left the
 * table, no reader or PMTU update can still be walking its exceptions.
 */
static void xfib_route_free_rcu(struct rcu_head *head)
{
	struct xfib_route *r = container_of(head, struct xfib_route, rcu);
	struct xfnhe_hash_bucket *hash;
	struct xfib_nh_exception *fnhe, *next;
	int i;

	hash = rcu_dereference_protected(r->exceptions, 1);
	if (hash) {
		for (i = 0; i < XFNHE_HASH_SIZE; i++) {
			fnhe = rcu_dereference_protected(hash[i].chain, 1);
			while (fnhe) {
				next = rcu_dereference_protected(fnhe->fnhe_next,
								 1);
				kfree(fnhe);
				fnhe = next;
			}
		}
		kfree(hash);
	}
	kfree(r);
}

static void xfib_route_free(struct xfib_route *r)
{
	list_del_rcu(&r->list);
	xinet_rt_genid_bump(dev_net(r->dev));
	netdev_put(r->dev, &r->dev_tracker);
	call_rcu(&r->rcu, xfib_route_free_rcu);
}

static struct xfib_route *xfib_find(struct xfib_table *tb, __be32 dst,
				    u8 plen, const struct net_device *dev,
				    int protocol)
{
	struct xfib_route *r;

	list_for_each_entry(r, &tb->routes, list) {
		if (r->dst != dst || r->plen != plen)
			continue;
		if (dev && r->dev != dev)
			continue;
		if (protocol >= 0 && r->protocol != protocol)
			continue;
		return r;
	}
	return NULL;
}

/* Keeps the list sorted by decreasing prefix length; new routes go last
 * among those of their length, so the oldest of equal routes wins.
 */
static void xfib_insert(struct xfib_table *tb, struct xfib_route *nr)
{
	struct list_head *pos = &tb->routes;
	struct xfib_route *r;

	list_for_each_entry(r, &tb->routes, list) {
		if (r->plen < nr->plen) {
			pos = &r->list;
			break;
		}
	}
	list_add_tail_rcu(&nr->list, pos);
	xinet_rt_genid_bump(dev_net(nr->dev));
}

static struct xfib_route *xfib_route_alloc(__be32 dst, u8 plen,
					   struct net_device *dev, u8 protocol)
{
	struct xfib_route *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return NULL;
	r->mask = inet_make_mask(plen);
	r->dst = dst;
	r->plen = plen;
	r->protocol = protocol;
	r->dev = dev;
	netdev_hold(dev, &r->dev_tracker, GFP_KERNEL);
	return r;
}

/**
 * xfib_route_add - add a static route (`xinet route add DST/PLEN dev D`)
 * @net: namespace
 * @dst: destination prefix; host bits must be clear
 * @plen: prefix length, 0..32 (0 with @dst 0 is the default route)
 * @dev: an xnet device of @net
 * @mx: its metrics, or NULL for none
 * @extack: error messages
 *
 * Like `ip route add`, a route whose prefix is already in the table (a
 * static or a connected one) is refused.  Caller holds RTNL.
 *
 * Return: 0, -EINVAL, -EOPNOTSUPP (not an xnet device), -EEXIST or
 * -ENOMEM.
 */
int xfib_route_add(struct net *net, __be32 dst, u8 plen,
		   struct net_device *dev, const struct xfib_metrics *mx,
		   struct netlink_ext_ack *extack)
{
	struct xfib_table *tb = xfib_table(net);
	struct xfib_route *r;

	ASSERT_RTNL();
	if (plen > 32) {
		NL_SET_ERR_MSG(extack, "Invalid prefix length (0..32)");
		return -EINVAL;
	}
	if (dst & ~inet_make_mask(plen)) {
		NL_SET_ERR_MSG(extack, "Invalid prefix for given prefix length");
		return -EINVAL;
	}
	if (!netif_is_xnet(dev)) {
		NL_SET_ERR_MSG(extack, "Device is not an xnet device");
		return -EOPNOTSUPP;
	}
	if (!net_eq(dev_net(dev), net)) {
		NL_SET_ERR_MSG(extack, "Device is in another namespace");
		return -EINVAL;
	}
	if (xfib_find(tb, dst, plen, NULL, -1)) {
		NL_SET_ERR_MSG(extack, "Route already exists");
		return -EEXIST;
	}
	r = xfib_route_alloc(dst, plen, dev, RTPROT_STATIC);
	if (!r)
		return -ENOMEM;
	if (mx)
		r->metrics = *mx;
	xfib_insert(tb, r);
	return 0;
}

/**
 * xfib_route_del - delete a route (`xinet route del DST/PLEN [dev D]`)
 * @net: namespace
 * @dst: destination prefix
 * @plen: prefix length
 * @dev: the route's device, or NULL for any
 * @extack: error messages
 *
 * Deletes a static or a connected route, as `ip route del` can.  Caller
 * holds RTNL.
 *
 * Return: 0, -EINVAL or -ESRCH (no such route, as Linux answers).
 */
int xfib_route_del(struct net *net, __be32 dst, u8 plen,
		   struct net_device *dev, struct netlink_ext_ack *extack)
{
	struct xfib_route *r;

	ASSERT_RTNL();
	if (plen > 32) {
		NL_SET_ERR_MSG(extack, "Invalid prefix length (0..32)");
		return -EINVAL;
	}
	r = xfib_find(xfib_table(net), dst, plen, dev, -1);
	if (!r) {
		NL_SET_ERR_MSG(extack, "No such route");
		return -ESRCH;
	}
	xfib_route_free(r);
	return 0;
}

/**
 * xfib_connected_add - take a reference on the connected route of an address
 * @net: namespace of @dev
 * @prefix: the address's subnet
 * @plen: its prefix length
 * @dev: the address's device
 *
 * The first address of a subnet on a device makes the route, the others
 * count on it.  Caller holds RTNL.
 *
 * Return: 0 or -ENOMEM.
 */
int xfib_connected_add(struct net *net, __be32 prefix, u8 plen,
		       struct net_device *dev)
{
	struct xfib_table *tb = xfib_table(net);
	struct xfib_route *r;

	ASSERT_RTNL();
	r = xfib_find(tb, prefix, plen, dev, RTPROT_KERNEL);
	if (r) {
		r->refs++;
		return 0;
	}
	r = xfib_route_alloc(prefix, plen, dev, RTPROT_KERNEL);
	if (!r)
		return -ENOMEM;
	r->refs = 1;
	xfib_insert(tb, r);
	return 0;
}

/**
 * xfib_connected_del - drop a reference on a connected route
 * @net: namespace of @dev
 * @prefix: the address's subnet
 * @plen: its prefix length
 * @dev: the address's device
 *
 * The route goes with the last address that needs it (it may be gone
 * already if the administrator deleted it).  Caller holds RTNL.
 */
void xfib_connected_del(struct net *net, __be32 prefix, u8 plen,
			struct net_device *dev)
{
	struct xfib_route *r;

	ASSERT_RTNL();
	r = xfib_find(xfib_table(net), prefix, plen, dev, RTPROT_KERNEL);
	if (r && !--r->refs)
		xfib_route_free(r);
}

/**
 * xfib_flush_dev - delete every route through a device
 * @dev: a device going away
 *
 * Caller holds RTNL.
 */
void xfib_flush_dev(struct net_device *dev)
{
	struct xfib_table *tb = xfib_table(dev_net(dev));
	struct xfib_route *r, *tmp;

	ASSERT_RTNL();
	if (!tb)
		return;
	list_for_each_entry_safe(r, tmp, &tb->routes, list)
		if (r->dev == dev)
			xfib_route_free(r);
}

/**
 * xfib_lookup_rcu - longest-prefix match
 * @net: namespace
 * @daddr: destination
 * @oif: only routes through this device, 0 for any
 *
 * Caller holds rcu_read_lock(); the device is valid until it drops it.
 *
 * Return: the device of the most specific route to @daddr, or NULL.
 */
struct net_device *xfib_lookup_rcu(struct net *net, __be32 daddr, int oif)
{
	struct xfib_route *r = xfib_lookup_route_rcu(net, daddr, oif);

	return r ? r->dev : NULL;
}

/**
 * xfib_lookup_route_rcu - longest-prefix match, the route itself
 * @net: namespace
 * @daddr: destination
 * @oif: only routes through this device, 0 for any
 *
 * Caller holds rcu_read_lock(); the route is valid until it drops it.
 *
 * Return: the most specific route to @daddr, or NULL.
 */
struct xfib_route *xfib_lookup_route_rcu(struct net *net, __be32 daddr,
					 int oif)
{
	struct xfib_table *tb = xfib_table(net);
	struct xfib_route *r;

	list_for_each_entry_rcu(r, &tb->routes, list) {
		if ((daddr & r->mask) != r->dst)
			continue;
		if (oif && r->dev->ifindex != oif)
			continue;
		return r;
	}
	return NULL;
}

/**
 * xfib_compute_spec_dst - this host's address as a received packet's
 *	destination sees it (twin of fib_compute_spec_dst)
 * @skb: a packet received for this host, network header set
 *
 * The packet's destination when it was one of this host's addresses;
 * for a broadcast, the address this host would answer from.  Record
 * route and timestamp options name this host by it.
 *
 * Context: under rcu_read_lock() (the receive path).
 * Return: the address, 0 if none could be chosen.
 */
__be32 xfib_compute_spec_dst(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct net_device *dev;

	if (!(XIPCB(skb)->flags & XIPSKB_BROADCAST))
		return iph->daddr;
	dev = xfib_lookup_rcu(dev_net(skb->dev), iph->saddr, 0);
	return xinet_select_addr(dev ? dev : skb->dev, iph->saddr);
}

/**
 * xfib_walk_rcu - walk the table
 * @net: namespace
 * @skip: routes to pass over first (where a netlink dump resumes)
 * @fn: called for each route; a negative return stops the walk
 * @arg: passed to @fn
 *
 * Caller holds rcu_read_lock().
 *
 * Return: the number of routes passed over or handed to @fn without
 * being stopped, that is where to resume.
 */
int xfib_walk_rcu(struct net *net, unsigned int skip, xfib_walk_fn fn,
		  void *arg)
{
	struct xfib_table *tb = xfib_table(net);
	struct xfib_route *r;
	unsigned int i = 0;

	list_for_each_entry_rcu(r, &tb->routes, list) {
		if (i >= skip && fn(r, arg) < 0)
			break;
		i++;
	}
	return i;
}

/**
 * xfib_net_init - make a namespace's routing table
 * @net: the new namespace
 *
 * Return: 0 or -ENOMEM.
 */
int xfib_net_init(struct net *net)
{
	struct xfib_table *tb = kzalloc(sizeof(*tb), GFP_KERNEL);

	if (!tb)
		return -ENOMEM;
	INIT_LIST_HEAD(&tb->routes);
	xinet_net(net)->fib = tb;
	return 0;
}

/**
 * xfib_net_exit - free a namespace's routing table
 * @net: the namespace
 *
 * Every xnet device of the namespace is gone by now, and with them
 * their routes; anything left is freed.
 */
void xfib_net_exit(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);
	struct xfib_route *r, *tmp;

	if (!xn->fib)
		return;
	rtnl_lock();
	list_for_each_entry_safe(r, tmp, &xn->fib->routes, list)
		xfib_route_free(r);
	rtnl_unlock();
	kfree(xn->fib);
	xn->fib = NULL;
}
