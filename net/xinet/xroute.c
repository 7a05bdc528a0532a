// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: output route lookups, twin of net/ipv4/route.c.
 *
 * A route is looked up per packet or per connect (there is no route
 * cache): local destinations go through the namespace's "xlo", the rest
 * through the longest-prefix match of the table (net/xinet/xfib.c).
 */

#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xroute.h>

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
	struct net_device *dev = NULL, *oif_dev = NULL;
	unsigned int type;
	int err = 0;

	memset(rt, 0, sizeof(*rt));
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
		dev = xfib_lookup_rcu(net, fl4->daddr, fl4->oif);
		if (!dev)
			dev = oif_dev;
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
out:
	rcu_read_unlock();
	return err;
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
