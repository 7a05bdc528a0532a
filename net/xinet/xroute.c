// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: output route lookups, twin of net/ipv4/route.c.
 *
 * A route is looked up per packet or per connect (there is no route
 * cache): local destinations go through the namespace's "xlo", the rest
 * through the longest-prefix match of the table (net/xinet/xfib.c).
 *
 * Path MTU: an ICMP "fragmentation needed" leaves an exception on the
 * route for its destination (twin of the nexthop exceptions), which
 * lowers the MTU of every lookup for that destination until it expires
 * (net.xinet.route.mtu_expires).  An MTU below net.xinet.route.min_pmtu
 * is raised to it and locked: such a path gets no DF from
 * IP_PMTUDISC_WANT sockets, so that a forged ICMP cannot make a host send
 * tiny packets.  Writers serialise on xfnhe_lock, readers use RCU.
 */

#include <linux/hash.h>
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xroute.h>

static DEFINE_SPINLOCK(xfnhe_lock);

/* Twin of fnhe_hashfun(): keyed, so that a peer cannot pick its bucket. */
static u32 xfnhe_hashfun(__be32 daddr)
{
	static siphash_aligned_key_t xfnhe_hash_key;
	u64 hval;

	net_get_random_once(&xfnhe_hash_key, sizeof(xfnhe_hash_key));
	hval = siphash_1u32((__force u32)daddr, &xfnhe_hash_key);
	return hash_64(hval, XFNHE_HASH_SHIFT);
}

/* Twin of fnhe_remove_oldest(); caller holds xfnhe_lock. */
static void xfnhe_remove_oldest(struct xfnhe_hash_bucket *hash)
{
	struct xfib_nh_exception __rcu **fnhe_p, **oldest_p;
	struct xfib_nh_exception *fnhe, *oldest = NULL;

	for (fnhe_p = &hash->chain; ; fnhe_p = &fnhe->fnhe_next) {
		fnhe = rcu_dereference_protected(*fnhe_p,
						 lockdep_is_held(&xfnhe_lock));
		if (!fnhe)
			break;
		if (!oldest ||
		    time_before(fnhe->fnhe_expires, oldest->fnhe_expires)) {
			oldest = fnhe;
			oldest_p = fnhe_p;
		}
	}
	if (oldest) {
		rcu_assign_pointer(*oldest_p, oldest->fnhe_next);
		kfree_rcu(oldest, rcu);
	}
}

/* Twin of ip_del_fnhe(): forget an expired exception. */
static void xip_del_fnhe(struct xfib_route *r, __be32 daddr)
{
	struct xfib_nh_exception __rcu **fnhe_p;
	struct xfib_nh_exception *fnhe;
	struct xfnhe_hash_bucket *hash;

	spin_lock_bh(&xfnhe_lock);
	hash = rcu_dereference_protected(r->exceptions,
					 lockdep_is_held(&xfnhe_lock));
	if (!hash)
		goto out;
	fnhe_p = &hash[xfnhe_hashfun(daddr)].chain;
	for (;;) {
		fnhe = rcu_dereference_protected(*fnhe_p,
						 lockdep_is_held(&xfnhe_lock));
		if (!fnhe)
			break;
		if (fnhe->fnhe_daddr == daddr) {
			rcu_assign_pointer(*fnhe_p, fnhe->fnhe_next);
			kfree_rcu(fnhe, rcu);
			break;
		}
		fnhe_p = &fnhe->fnhe_next;
	}
out:
	spin_unlock_bh(&xfnhe_lock);
}

/**
 * xfib_find_exception_rcu - the live PMTU exception of a destination
 *	(twin of find_exception)
 * @r: the route
 * @daddr: the destination
 *
 * An expired exception found on the way is deleted.  Caller holds
 * rcu_read_lock().
 *
 * Return: the exception, or NULL.
 */
struct xfib_nh_exception *xfib_find_exception_rcu(struct xfib_route *r,
						  __be32 daddr)
{
	struct xfnhe_hash_bucket *hash = rcu_dereference(r->exceptions);
	struct xfib_nh_exception *fnhe;

	if (!hash)
		return NULL;
	hash += xfnhe_hashfun(daddr);
	for (fnhe = rcu_dereference(hash->chain); fnhe;
	     fnhe = rcu_dereference(fnhe->fnhe_next)) {
		if (fnhe->fnhe_daddr != daddr)
			continue;
		if (time_after(jiffies, READ_ONCE(fnhe->fnhe_expires))) {
			xip_del_fnhe(r, daddr);
			return NULL;
		}
		return fnhe;
	}
	return NULL;
}

/**
 * xfib_update_or_create_fnhe - record a path MTU for a destination (twin
 *	of update_or_create_fnhe)
 * @r: the route the destination is reached by
 * @daddr: the destination
 * @pmtu: its path MTU
 * @lock: @pmtu was raised to min_pmtu
 * @expires: jiffies when it is forgotten
 *
 * A chain longer than a randomised depth loses its oldest entries, so
 * that ICMP for many destinations cannot grow it without bound.
 *
 * Context: any; takes xfnhe_lock with BHs off.  Caller holds
 * rcu_read_lock() (@r was looked up under it).
 */
void xfib_update_or_create_fnhe(struct xfib_route *r, __be32 daddr, u32 pmtu,
				bool lock, unsigned long expires)
{
	struct xfib_nh_exception *fnhe;
	struct xfnhe_hash_bucket *hash;
	int depth = 0, max_depth;

	spin_lock_bh(&xfnhe_lock);
	hash = rcu_dereference_protected(r->exceptions,
					 lockdep_is_held(&xfnhe_lock));
	if (!hash) {
		hash = kcalloc(XFNHE_HASH_SIZE, sizeof(*hash), GFP_ATOMIC);
		if (!hash)
			goto out;
		rcu_assign_pointer(r->exceptions, hash);
	}
	hash += xfnhe_hashfun(daddr);

	for (fnhe = rcu_dereference_protected(hash->chain,
					      lockdep_is_held(&xfnhe_lock));
	     fnhe;
	     fnhe = rcu_dereference_protected(fnhe->fnhe_next,
					      lockdep_is_held(&xfnhe_lock))) {
		if (fnhe->fnhe_daddr == daddr)
			break;
		depth++;
	}
	if (fnhe) {
		WRITE_ONCE(fnhe->fnhe_pmtu, pmtu);
		WRITE_ONCE(fnhe->fnhe_mtu_locked, lock);
		WRITE_ONCE(fnhe->fnhe_expires, max(1UL, expires));
		goto out;
	}

	max_depth = XFNHE_RECLAIM_DEPTH +
		    get_random_u32_below(XFNHE_RECLAIM_DEPTH);
	while (depth > max_depth) {
		xfnhe_remove_oldest(hash);
		depth--;
	}
	fnhe = kzalloc(sizeof(*fnhe), GFP_ATOMIC);
	if (!fnhe)
		goto out;
	fnhe->fnhe_daddr = daddr;
	fnhe->fnhe_pmtu = pmtu;
	fnhe->fnhe_mtu_locked = lock;
	fnhe->fnhe_expires = max(1UL, expires);
	RCU_INIT_POINTER(fnhe->fnhe_next,
			 rcu_dereference_protected(hash->chain,
						   lockdep_is_held(&xfnhe_lock)));
	rcu_assign_pointer(hash->chain, fnhe);
out:
	spin_unlock_bh(&xfnhe_lock);
}

/**
 * xip_rt_update_pmtu - an ICMP "fragmentation needed" lowers the path
 *	MTU of a flow (twin of __ip_rt_update_pmtu)
 * @net: namespace
 * @fl4: the flow: destination, source and output device of the quoted
 *	packet
 * @mtu: the next-hop MTU the ICMP announced
 *
 * A value above the current path MTU is ignored; one below
 * net.xinet.route.min_pmtu is raised to it and locked.  Refreshing an
 * unchanged exception is skipped during the first half of its life, as
 * Linux does, so that a stream of ICMPs does not keep it alive forever.
 */
void xip_rt_update_pmtu(struct net *net, struct xflowi4 *fl4, u32 mtu)
{
	struct xinet_net *xn = xinet_net(net);
	struct xfib_nh_exception *fnhe;
	unsigned long expires;
	int min_pmtu, mtu_expires;
	struct xfib_route *r;
	bool lock = false;
	u32 old_mtu;

	rcu_read_lock();
	r = xfib_lookup_route_rcu(net, fl4->daddr, fl4->oif);
	/* Twin of ip_mtu_locked(): a locked mtu metric is the last word. */
	if (!r || (r->metrics.lock & BIT(RTAX_MTU)))
		goto out;
	old_mtu = r->metrics.mtu ? : READ_ONCE(r->dev->mtu);
	fnhe = xfib_find_exception_rcu(r, fl4->daddr);
	if (fnhe && READ_ONCE(fnhe->fnhe_mtu_locked))
		goto out;
	if (fnhe)
		old_mtu = min(old_mtu, READ_ONCE(fnhe->fnhe_pmtu));
	if (old_mtu < mtu)
		goto out;

	min_pmtu = READ_ONCE(xn->sysctl_ip_rt_min_pmtu);
	mtu_expires = READ_ONCE(xn->sysctl_ip_rt_mtu_expires);
	if (mtu < min_pmtu) {
		lock = true;
		mtu = min_t(u32, old_mtu, min_pmtu);
	}
	expires = jiffies + mtu_expires;
	if (fnhe && READ_ONCE(fnhe->fnhe_pmtu) == mtu && !lock &&
	    time_before(jiffies,
			READ_ONCE(fnhe->fnhe_expires) - mtu_expires / 2))
		goto out;
	xfib_update_or_create_fnhe(r, fl4->daddr, mtu, lock, expires);
	xinet_rt_genid_bump(net);
out:
	rcu_read_unlock();
}

/*
 * The lookup of xip_route_output(); @mx, when not NULL, gets the route's
 * metrics in the table (NULL for a local or link route), valid under RCU
 * while the namespace's rt_genid stays what it was before the lookup.
 */
static int __xip_route_output(struct net *net, struct xflowi4 *fl4,
			      struct xrtable *rt,
			      const struct xfib_metrics **mx)
{
	struct net_device *dev = NULL, *oif_dev = NULL;
	struct xfib_nh_exception *fnhe;
	struct xfib_route *r = NULL;
	unsigned int type;
	int err = 0;

	memset(rt, 0, sizeof(*rt));
	if (mx)
		*mx = NULL;
	if (fl4->saddr) {
		if (ipv4_is_multicast(fl4->saddr) ||
		    ipv4_is_lbcast(fl4->saddr) ||
		    ipv4_is_zeronet(fl4->saddr) ||
		    xinet_addr_type(net, fl4->saddr) != RTN_LOCAL)
			return -EINVAL;
	}

	if (!fl4->daddr) {
		if (!fl4->saddr)
			fl4->saddr = htonl(INADDR_LOOPBACK);
		fl4->daddr = fl4->saddr;
		type = RTN_LOCAL;
	} else {
		type = xinet_addr_type(net, fl4->daddr);
	}
	rcu_read_lock();
	if (fl4->oif) {
		oif_dev = dev_get_by_index_rcu(net, fl4->oif);
		if (!oif_dev) {
			err = -ENODEV;
			goto out;
		}
	}

	if (type == RTN_LOCAL) {
		dev = READ_ONCE(xinet_net(net)->loopback_dev);
		if (!fl4->saddr)
			fl4->saddr = fl4->daddr;
	} else if (ipv4_is_lbcast(fl4->daddr) && fl4->saddr && !fl4->oif) {
		/* A socket bound to an address broadcasts on its device. */
		dev = __xip_dev_find(net, fl4->saddr);
	} else {
		if (type == RTN_BROADCAST && ipv4_is_zeronet(fl4->daddr)) {
			err = -EINVAL;
			goto out;
		}
		r = xfib_lookup_route_rcu(net, fl4->daddr, fl4->oif);
		dev = r ? r->dev : oif_dev;
		/* RTN_BROADCAST and RTN_MULTICAST stay what they are. */
	}
	if (!dev || !netif_is_xnet(dev) || !netif_running(dev)) {
		err = -ENETUNREACH;
		goto out;
	}
	if (!fl4->saddr)
		fl4->saddr = xinet_select_addr(dev, fl4->daddr);

	rt->dev = dev;
	netdev_hold(dev, &rt->dev_tracker, GFP_ATOMIC);
	rt->rt_type = type;
	rt->rt_mtu = READ_ONCE(dev->mtu);
	if (r) {
		/* Twin of ipv4_mtu(): an mtu metric stands for the device's. */
		rt->rt_metrics = r->metrics;
		if (mx)
			*mx = &r->metrics;
		if (r->metrics.mtu)
			rt->rt_mtu = r->metrics.mtu;
		rt->rt_mtu_locked = !!(r->metrics.lock & BIT(RTAX_MTU));
	}
	/* Twin of rt_bind_exception(): the destination's learnt PMTU. */
	fnhe = r ? xfib_find_exception_rcu(r, fl4->daddr) : NULL;
	if (fnhe) {
		rt->rt_pmtu = READ_ONCE(fnhe->fnhe_pmtu);
		rt->rt_mtu_locked |= READ_ONCE(fnhe->fnhe_mtu_locked);
		rt->rt_mtu = min(rt->rt_mtu, rt->rt_pmtu);
	}
out:
	rcu_read_unlock();
	return err;
}

/**
 * xip_route_output - find the output route of a flow (twin of
 * ip_route_output_key)
 * @net: namespace
 * @fl4: the flow; @fl4->saddr is filled in when it is 0, @fl4->daddr
 *	when it is 0
 * @rt: the result; on success rt->dev is held until xip_rt_put()
 *
 * As Linux: a given source address must be a local unicast address
 * (-EINVAL otherwise); no destination (0.0.0.0) means this host, the
 * source address if there is one, else 127.0.0.1; a local destination
 * goes through "xlo" with the destination as its source; the limited
 * broadcast from a given source, without @fl4->oif, leaves through the
 * source's device; with @fl4->oif only routes through that device
 * count, and when none does the destination is taken to be on its link.
 *
 * Return: 0, -EINVAL, -ENODEV (no such @fl4->oif) or -ENETUNREACH (no
 * route, or its device is not up or not an xnet device).
 */
int xip_route_output(struct net *net, struct xflowi4 *fl4, struct xrtable *rt)
{
	return __xip_route_output(net, fl4, rt, NULL);
}

/**
 * xinet_rt_genid_bump - make every cached route of a namespace stale
 *	(twin of rt_genid_bump_ipv4)
 * @net: namespace
 *
 * Called after the change is published: a lookup that reads the new
 * generation (xip_route_output_sk(), with acquire) then sees the change.
 */
void xinet_rt_genid_bump(struct net *net)
{
	/* Fully ordered: the change before the new generation. */
	atomic_inc_return(&xinet_net(net)->rt_genid);
}

/**
 * xip_route_output_sk - xip_route_output() for a connected socket, through
 *	its cached route (twin of sk_dst_check() and ip_route_output_flow())
 * @sk: the socket
 * @fl4: the flow, as for xip_route_output()
 * @rt: the result, as for xip_route_output(): put with xip_rt_put()
 *
 * The cache answers while nothing that makes routes has changed in the
 * namespace since it was filled (rt_genid), the flow is the same and
 * the device is up; else a lookup fills it again.  A route with a path
 * MTU exception is not cached: the exception expires by time.  Callers
 * need not hold the socket lock (UDP sends without it).
 *
 * Return: as xip_route_output().
 */
int xip_route_output_sk(struct sock *sk, struct xflowi4 *fl4,
			struct xrtable *rt)
{
	struct xinet_sock *xinet = xinet_sk(sk);
	struct net *net = sock_net(sk);
	/* Before the lookup: a change after it makes the entry stale. */
	int genid = atomic_read_acquire(&xinet_net(net)->rt_genid);
	struct xrt_cache *c, *old = NULL;
	const struct xfib_metrics *mx;
	__be32 saddr = fl4->saddr;
	int err;

	rcu_read_lock();
	c = rcu_dereference(xinet->rt_cache);
	if (c && c->genid == genid && c->oif == fl4->oif &&
	    c->daddr == fl4->daddr && c->saddr == saddr &&
	    netif_running(c->dev)) {
		memset(rt, 0, sizeof(*rt));
		rt->dev = c->dev;
		netdev_hold(rt->dev, &rt->dev_tracker, GFP_ATOMIC);
		rt->rt_type = c->rt_type;
		rt->rt_mtu_locked = c->rt_mtu_locked;
		rt->rt_mtu = c->rt_mtu;
		if (c->metrics)
			rt->rt_metrics = *c->metrics;
		fl4->saddr = c->saddr_out;
		rcu_read_unlock();
		return 0;
	}

	/* Still under RCU: @mx must stay valid until the entry has it. */
	err = __xip_route_output(net, fl4, rt, &mx);
	if (err || rt->rt_pmtu)
		goto out;
	c = kmalloc(sizeof(*c), GFP_ATOMIC);
	if (!c)
		goto out;
	c->dev = rt->dev;
	c->metrics = mx;
	c->rt_type = rt->rt_type;
	c->rt_mtu_locked = rt->rt_mtu_locked;
	c->rt_mtu = rt->rt_mtu;
	c->genid = genid;
	c->oif = fl4->oif;
	c->daddr = fl4->daddr;
	c->saddr = saddr;
	c->saddr_out = fl4->saddr;
	old = unrcu_pointer(xchg(&xinet->rt_cache, RCU_INITIALIZER(c)));
out:
	rcu_read_unlock();
	if (old)
		kfree_rcu(old, rcu);
	return err;
}

/**
 * xip_rt_cache_free - drop a socket's cached route
 * @sk: the socket, no longer used by anyone else (its destructor)
 */
void xip_rt_cache_free(struct sock *sk)
{
	struct xrt_cache *c;

	c = unrcu_pointer(xchg(&xinet_sk(sk)->rt_cache, NULL));
	if (c)
		kfree_rcu(c, rcu);
}

/**
 * xip_rt_put - release a route from xip_route_output()
 * @rt: the route; may be one whose lookup failed (rt->dev NULL)
 */
void xip_rt_put(struct xrtable *rt)
{
	if (!rt->dev)
		return;
	netdev_put(rt->dev, &rt->dev_tracker);
	rt->dev = NULL;
}
