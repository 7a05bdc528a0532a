// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: addresses of xnet devices, twin of net/ipv4/devinet.c.
 *
 * A device's addresses hang off its struct xin_device, which exists while
 * the device has at least one address and sits in the slot xnet keeps in
 * its private area (xnet_xin_ptr()).  Its presence tells xnet to hand
 * the device's packets to xinet.  Every address is also hashed by its
 * value, and by its subnet's broadcast address, in tables shared by all
 * namespaces (as Linux's inet_addr_lst), so that the per-packet
 * questions "is this address ours?" cost one short chain, not a walk of
 * every device.  Locking: see include/net/xinet/xdevinet.h
 * (RTNL for writers, RCU for readers).
 */

#include <linux/hash.h>
#include <linux/inetdevice.h>
#include <linux/notifier.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xroute.h>

#define XIN_ADDR_HSIZE_SHIFT	8
#define XIN_ADDR_HSIZE		(1U << XIN_ADDR_HSIZE_SHIFT)

/* By ifa_local, and by the subnet broadcast address (RCU, RTNL). */
static struct hlist_head xinet_addr_lst[XIN_ADDR_HSIZE];
static struct hlist_head xinet_bcast_lst[XIN_ADDR_HSIZE];

static u32 xinet_addr_hash(const struct net *net, __be32 addr)
{
	return hash_32((__force u32)addr ^ net_hash_mix(net),
		       XIN_ADDR_HSIZE_SHIFT);
}

/**
 * xin_dev_get_rcu - xinet's state of a device
 * @dev: any device
 *
 * Caller holds rcu_read_lock() or RTNL.
 *
 * Return: the device's struct xin_device, or NULL when it is not an xnet
 * device or has no xinet address.
 */
struct xin_device *xin_dev_get_rcu(const struct net_device *dev)
{
	if (!netif_is_xnet(dev))
		return NULL;
	return rcu_dereference_rtnl(*xnet_xin_ptr((struct net_device *)dev));
}

static bool xinet_ifa_match(__be32 addr, const struct xin_ifaddr *ifa)
{
	return !((addr ^ ifa->ifa_local) & ifa->ifa_mask);
}

/* The subnet of an address needs a connected route unless it is a /32,
 * whose only member is the address itself (as fib_add_ifaddr() decides).
 */
static bool xinet_ifa_has_route(const struct xin_ifaddr *ifa)
{
	return ifa->ifa_prefixlen < 32;
}

/*
 * The broadcast address fib_add_ifaddr() gives a /32 broadcast route in
 * Linux's local table: that of the address's subnet, when the subnet has
 * more than two addresses and is not in 0/8.  0 when there is none.
 */
static __be32 xinet_ifa_subnet_bcast(const struct xin_ifaddr *ifa)
{
	__be32 prefix = ifa->ifa_local & ifa->ifa_mask;

	if (ifa->ifa_prefixlen >= 31 || ipv4_is_zeronet(prefix))
		return 0;
	return prefix | ~ifa->ifa_mask;
}

static void xinet_ifa_unlink(struct xin_device *xin, struct xin_ifaddr *ifa)
{
	struct net_device *dev = xin->dev;

	list_del_rcu(&ifa->ifa_list);
	hlist_del_init_rcu(&ifa->hash);
	hlist_del_init_rcu(&ifa->bcast_hash);
	xinet_rt_genid_bump(dev_net(dev));
	if (xinet_ifa_has_route(ifa))
		xfib_connected_del(dev_net(dev), ifa->ifa_local & ifa->ifa_mask,
				   ifa->ifa_prefixlen, dev);
	kfree_rcu(ifa, rcu);
	if (list_empty(&xin->ifa_list)) {
		RCU_INIT_POINTER(*xnet_xin_ptr(dev), NULL);
		kfree_rcu(xin, rcu);
	}
}

/**
 * xinet_ifa_add - add an address to an xnet device
 * @dev: the device
 * @local: the address
 * @prefixlen: its prefix length, 0..32
 * @extack: error messages, may be NULL
 *
 * Adds the connected route of the address's subnet as well.  The first
 * address of a device gives it its struct xin_device.  Caller holds RTNL.
 *
 * Return: 0, -EOPNOTSUPP (not an xnet device), -EINVAL (bad prefix length
 * or address), -EEXIST (the device has the address already) or -ENOMEM.
 */
int xinet_ifa_add(struct net_device *dev, __be32 local, u8 prefixlen,
		  struct netlink_ext_ack *extack)
{
	struct xin_device *xin;
	struct xin_ifaddr *ifa;
	bool new_xin = false;
	__be32 bcast;
	int err;

	ASSERT_RTNL();
	if (!netif_is_xnet(dev)) {
		NL_SET_ERR_MSG(extack, "Device is not an xnet device");
		return -EOPNOTSUPP;
	}
	if (prefixlen > 32) {
		NL_SET_ERR_MSG(extack, "Invalid prefix length (0..32)");
		return -EINVAL;
	}
	if (ipv4_is_zeronet(local) || ipv4_is_multicast(local) ||
	    ipv4_is_lbcast(local)) {
		NL_SET_ERR_MSG(extack, "Address is not a unicast address");
		return -EINVAL;
	}

	xin = rtnl_dereference(*xnet_xin_ptr(dev));
	if (xin) {
		list_for_each_entry(ifa, &xin->ifa_list, ifa_list) {
			if (ifa->ifa_local == local) {
				NL_SET_ERR_MSG(extack, "Address already assigned to the device");
				return -EEXIST;
			}
		}
	}

	ifa = kzalloc(sizeof(*ifa), GFP_KERNEL);
	if (!ifa)
		return -ENOMEM;
	if (!xin) {
		xin = kzalloc(sizeof(*xin), GFP_KERNEL);
		if (!xin) {
			err = -ENOMEM;
			goto out_free_ifa;
		}
		xin->dev = dev;
		INIT_LIST_HEAD(&xin->ifa_list);
		new_xin = true;
	}

	INIT_HLIST_NODE(&ifa->hash);
	INIT_HLIST_NODE(&ifa->bcast_hash);
	ifa->ifa_dev = xin;
	ifa->ifa_local = local;
	ifa->ifa_prefixlen = prefixlen;
	ifa->ifa_mask = inet_make_mask(prefixlen);
	if (prefixlen < 31)
		ifa->ifa_broadcast = local | ~ifa->ifa_mask;

	if (xinet_ifa_has_route(ifa)) {
		err = xfib_connected_add(dev_net(dev), local & ifa->ifa_mask,
					 prefixlen, dev);
		if (err)
			goto out_free_xin;
	}

	list_add_tail_rcu(&ifa->ifa_list, &xin->ifa_list);
	hlist_add_head_rcu(&ifa->hash,
			   &xinet_addr_lst[xinet_addr_hash(dev_net(dev), local)]);
	bcast = xinet_ifa_subnet_bcast(ifa);
	if (bcast)
		hlist_add_head_rcu(&ifa->bcast_hash,
				   &xinet_bcast_lst[xinet_addr_hash(dev_net(dev),
								    bcast)]);
	if (new_xin)
		rcu_assign_pointer(*xnet_xin_ptr(dev), xin);
	/* After the device's first address is visible too (source choice). */
	xinet_rt_genid_bump(dev_net(dev));
	return 0;

out_free_xin:
	if (new_xin)
		kfree(xin);
out_free_ifa:
	kfree(ifa);
	return err;
}

/**
 * xinet_ifa_del - remove an address from an xnet device
 * @dev: the device
 * @local: the address
 * @prefixlen: its prefix length
 * @extack: error messages, may be NULL
 *
 * Removes the connected route when no other address of the device needs
 * it, and the device's struct xin_device with its last address.  Caller
 * holds RTNL.
 *
 * Return: 0, -EOPNOTSUPP (not an xnet device), -EINVAL (bad prefix
 * length) or -EADDRNOTAVAIL (no such address, as Linux answers).
 */
int xinet_ifa_del(struct net_device *dev, __be32 local, u8 prefixlen,
		  struct netlink_ext_ack *extack)
{
	struct xin_device *xin;
	struct xin_ifaddr *ifa;

	ASSERT_RTNL();
	if (!netif_is_xnet(dev)) {
		NL_SET_ERR_MSG(extack, "Device is not an xnet device");
		return -EOPNOTSUPP;
	}
	if (prefixlen > 32) {
		NL_SET_ERR_MSG(extack, "Invalid prefix length (0..32)");
		return -EINVAL;
	}
	xin = rtnl_dereference(*xnet_xin_ptr(dev));
	if (xin) {
		list_for_each_entry(ifa, &xin->ifa_list, ifa_list) {
			if (ifa->ifa_local == local &&
			    ifa->ifa_prefixlen == prefixlen) {
				xinet_ifa_unlink(xin, ifa);
				return 0;
			}
		}
	}
	NL_SET_ERR_MSG(extack, "Address not found on the device");
	return -EADDRNOTAVAIL;
}

/**
 * xinet_lookup_ifaddr_rcu - the xinet address @addr of a namespace (twin
 * of inet_lookup_ifaddr_rcu)
 * @net: namespace
 * @addr: the address
 *
 * Caller holds rcu_read_lock().
 *
 * Return: the address's struct xin_ifaddr, or NULL when no xnet device
 * of @net has @addr.
 */
struct xin_ifaddr *xinet_lookup_ifaddr_rcu(struct net *net, __be32 addr)
{
	struct xin_ifaddr *ifa;

	hlist_for_each_entry_rcu(ifa, &xinet_addr_lst[xinet_addr_hash(net, addr)],
				 hash)
		if (ifa->ifa_local == addr &&
		    net_eq(dev_net(ifa->ifa_dev->dev), net))
			return ifa;
	return NULL;
}

/* Whether @addr is in a subnet of the namespace's "xlo" (127/8 as a rule),
 * local in Linux by the loopback's prefix route.  Caller holds RCU.
 */
static bool xinet_lo_subnet_rcu(struct net *net, __be32 addr)
{
	struct net_device *lo = READ_ONCE(xinet_net(net)->loopback_dev);
	struct xin_device *xin = lo ? xin_dev_get_rcu(lo) : NULL;
	struct xin_ifaddr *ifa;

	if (!xin)
		return false;
	list_for_each_entry_rcu(ifa, &xin->ifa_list, ifa_list)
		if (xinet_ifa_match(addr, ifa))
			return true;
	return false;
}

/**
 * xinet_addr_type - what an address is to a namespace (twin of
 * inet_addr_type)
 * @net: namespace
 * @addr: the address
 *
 * Answers as a lookup in Linux's local table does, where each address
 * has a /32 local route, each subnet (of more than two addresses) a /32
 * broadcast route, and the subnets of the loopback device a local route:
 * the /32 routes win over the loopback's subnets, so 127.255.255.255 is
 * a broadcast address although it is in 127/8.
 *
 * Return: RTN_LOCAL for an xinet address of @net, or another address of
 * a subnet of the namespace's "xlo" (all of 127/8, as Linux's "lo");
 * RTN_BROADCAST for 0.0.0.0, 255.255.255.255 and the broadcast address
 * of an address's subnet; RTN_MULTICAST for 224/4; else RTN_UNICAST.
 */
unsigned int xinet_addr_type(struct net *net, __be32 addr)
{
	unsigned int type = RTN_UNICAST;
	struct xin_ifaddr *ifa;

	if (ipv4_is_zeronet(addr) || ipv4_is_lbcast(addr))
		return RTN_BROADCAST;
	if (ipv4_is_multicast(addr))
		return RTN_MULTICAST;

	rcu_read_lock();
	if (xinet_lookup_ifaddr_rcu(net, addr)) {
		type = RTN_LOCAL;
		goto out;
	}
	hlist_for_each_entry_rcu(ifa,
				 &xinet_bcast_lst[xinet_addr_hash(net, addr)],
				 bcast_hash) {
		if (xinet_ifa_subnet_bcast(ifa) == addr &&
		    net_eq(dev_net(ifa->ifa_dev->dev), net)) {
			type = RTN_BROADCAST;
			goto out;
		}
	}
	if (xinet_lo_subnet_rcu(net, addr))
		type = RTN_LOCAL;
out:
	rcu_read_unlock();
	return type;
}

/**
 * __xip_dev_find - the device of a local address (twin of __ip_dev_find)
 * @net: namespace
 * @addr: the address
 *
 * Caller holds rcu_read_lock(); the device is valid until it drops it.
 *
 * Return: the device that has @addr, else "xlo" when @addr is in one of
 * its subnets (local in Linux by the loopback's prefix route), else NULL.
 */
struct net_device *__xip_dev_find(struct net *net, __be32 addr)
{
	struct xin_ifaddr *ifa = xinet_lookup_ifaddr_rcu(net, addr);

	if (ifa)
		return ifa->ifa_dev->dev;
	if (xinet_lo_subnet_rcu(net, addr))
		return READ_ONCE(xinet_net(net)->loopback_dev);
	return NULL;
}

/* Addresses of the namespace's loopback subnet (127/8) are host scope:
 * never a source for another device's packets (RT_SCOPE_HOST in Linux).
 */
static bool xinet_ifa_host_scope(const struct xin_ifaddr *ifa)
{
	return ipv4_is_loopback(ifa->ifa_local);
}

/**
 * xinet_select_addr - source address for a destination (twin of
 * inet_select_addr)
 * @dev: output device
 * @dst: destination, 0 for none
 *
 * The first (primary) address of @dev whose subnet holds @dst, else the
 * first address of @dev, else the first address of another xnet device
 * of the namespace; loopback addresses only for loopback destinations.
 *
 * Return: the address, or 0 when there is none.
 */
__be32 xinet_select_addr(const struct net_device *dev, __be32 dst)
{
	struct xin_device *xin;
	struct xin_ifaddr *ifa;
	struct net_device *d;
	__be32 addr = 0;

	rcu_read_lock();
	xin = xin_dev_get_rcu(dev);
	if (xin) {
		list_for_each_entry_rcu(ifa, &xin->ifa_list, ifa_list) {
			if (dst && xinet_ifa_match(dst, ifa)) {
				addr = ifa->ifa_local;
				goto out;
			}
			if (!addr && (!xinet_ifa_host_scope(ifa) ||
				      ipv4_is_loopback(dst)))
				addr = ifa->ifa_local;
		}
		if (addr)
			goto out;
	}
	for_each_netdev_rcu(dev_net(dev), d) {
		xin = xin_dev_get_rcu(d);
		if (!xin)
			continue;
		list_for_each_entry_rcu(ifa, &xin->ifa_list, ifa_list) {
			if (!xinet_ifa_host_scope(ifa)) {
				addr = ifa->ifa_local;
				goto out;
			}
		}
	}
out:
	rcu_read_unlock();
	return addr;
}

/*
 * A device going away takes its addresses, its xin_device and its routes
 * with it.  Routes of a device that is down stay, but lookups do not
 * send through it (xip_route_output()).
 */
static int xdevinet_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct xin_device *xin;
	struct xin_ifaddr *ifa, *tmp;

	if (!netif_is_xnet(dev))
		return NOTIFY_DONE;
	/* Cached routes carry the device and its MTU. */
	if (event == NETDEV_CHANGEMTU || event == NETDEV_UNREGISTER)
		xinet_rt_genid_bump(dev_net(dev));
	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;

	xin = rtnl_dereference(*xnet_xin_ptr(dev));
	if (xin) {
		list_for_each_entry_safe(ifa, tmp, &xin->ifa_list, ifa_list)
			xinet_ifa_unlink(xin, ifa);
	}
	xfib_flush_dev(dev);
	return NOTIFY_OK;
}

static struct notifier_block xdevinet_netdev_notifier = {
	.notifier_call = xdevinet_netdev_event,
};

/**
 * xdevinet_init - start following device events
 *
 * Return: 0 or a negative errno.
 */
int xdevinet_init(void)
{
	return register_netdevice_notifier(&xdevinet_netdev_notifier);
}

/**
 * xdevinet_exit - stop following device events
 */
void xdevinet_exit(void)
{
	unregister_netdevice_notifier(&xdevinet_netdev_notifier);
}
