/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: IPv4 addresses on xnet devices, twin of include/linux/inetdevice.h
 * (net/xinet/xdevinet.c).
 *
 * Locking: the address lists and the address hashes change under RTNL
 * only; readers walk them under rcu_read_lock().  A device's struct xin_device exists while the
 * device has at least one xinet address, and its presence is what makes
 * xnet hand the device's packets to xinet rather than to Linux's stack.
 */
#ifndef _NET_XINET_XDEVINET_H
#define _NET_XINET_XDEVINET_H

#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/netlink.h>

/**
 * struct xin_ifaddr - one xinet address (twin of struct in_ifaddr)
 * @ifa_list: link in xin_device.ifa_list (RCU)
 * @hash: link in the hash of local addresses, by @ifa_local (RCU)
 * @bcast_hash: link in the hash of subnet broadcast addresses, when the
 *	subnet has one (RCU)
 * @ifa_dev: the device's xin_device
 * @ifa_local: the address
 * @ifa_mask: its netmask
 * @ifa_broadcast: the directed broadcast address of the subnet
 * @ifa_prefixlen: prefix length
 * @rcu: deferred free
 */
struct xin_ifaddr {
	struct list_head	ifa_list;
	struct hlist_node	hash;
	struct hlist_node	bcast_hash;
	struct xin_device	*ifa_dev;
	__be32			ifa_local;
	__be32			ifa_mask;
	__be32			ifa_broadcast;
	u8			ifa_prefixlen;
	struct rcu_head		rcu;
};

/**
 * struct xin_device - xinet's per-device state (twin of struct in_device)
 * @dev: the xnet device
 * @ifa_list: its addresses (RCU, written under RTNL)
 * @rcu: deferred free
 */
struct xin_device {
	struct net_device	*dev;
	struct list_head	ifa_list;
	struct rcu_head		rcu;
};

struct xin_device *xin_dev_get_rcu(const struct net_device *dev);

int xinet_ifa_add(struct net_device *dev, __be32 local, u8 prefixlen,
		  struct netlink_ext_ack *extack);
int xinet_ifa_del(struct net_device *dev, __be32 local, u8 prefixlen,
		  struct netlink_ext_ack *extack);
struct xin_ifaddr *xinet_lookup_ifaddr_rcu(struct net *net, __be32 addr);
unsigned int xinet_addr_type(struct net *net, __be32 addr);
struct net_device *__xip_dev_find(struct net *net, __be32 addr);
__be32 xinet_select_addr(const struct net_device *dev, __be32 dst);

int xdevinet_init(void);
void xdevinet_exit(void);

#endif /* _NET_XINET_XDEVINET_H */
