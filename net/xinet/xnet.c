// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: xnet, the virtual layer-3 netdev (see include/net/xinet/xnet.h).
 *
 * An xnet device carries bare IPv4 packets: no link-layer header, no ARP.
 * Alone it is a loopback device; created with a peer it is one end of a
 * pair like veth, and the two ends may live in different namespaces.
 * What one end transmits enters the other end's normal receive path
 * through netif_rx() (see Documentation/xnet.md for why not NAPI), so
 * taps such as tcpdump see it on both ends.
 *
 * A device's packets go to xinet (ETH_P_XINET) while xinet has an
 * address on it (a struct xin_device in the slot xnet_xin_ptr() gives),
 * and to Linux's own IPv4 stack (ETH_P_IP) otherwise.
 *
 * Locking: the peer pointers are set under RTNL when a pair is created
 * and cleared under RTNL when it is deleted; the transmit path reads
 * them under RCU (ndo_start_xmit runs in an RCU read-side section).
 */

#include <linux/etherdevice.h>
#include <linux/capability.h>
#include <linux/if_arp.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/u64_stats_sync.h>
#include <net/rtnetlink.h>
#include <linux/xinet_netlink.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xnet.h>

#define XNET_KIND		"xnet"
#define XNET_PAIR_MTU		ETH_DATA_LEN
#define XNET_LOOPBACK_MTU	65535
#define XNET_MIN_MTU		68
#define XNET_MAX_MTU		65535
#define XNET_FEATURES		(NETIF_F_HIGHDMA | NETIF_F_SG |		\
				 NETIF_F_FRAGLIST | NETIF_F_HW_CSUM |	\
				 NETIF_F_RXCSUM | NETIF_F_GSO_SOFTWARE)

/**
 * struct xnet_priv - private part of an xnet device
 * @peer: the other end of a pair, NULL for a loopback device (RCU)
 * @xin: xinet's state of the device; set and cleared by xdevinet.c
 * @pair: created with a peer; a pair end whose peer is gone drops what
 *	it sends instead of looping it back
 * @fault: fault injection on what the device sends (xnet_fault.c)
 */
struct xnet_priv {
	struct net_device __rcu	*peer;
	struct xin_device __rcu	*xin;
	bool			pair;
	struct xnet_fault	fault;
};

static const struct net_device_ops xnet_netdev_ops;
static struct rtnl_link_ops xnet_link_ops;

/**
 * netif_is_xnet - is @dev an xnet device
 * @dev: any device
 *
 * Return: true for xnet devices (pairs, loopbacks and "xlo").
 */
bool netif_is_xnet(const struct net_device *dev)
{
	return dev->netdev_ops == &xnet_netdev_ops;
}

/**
 * xnet_xin_ptr - the slot of an xnet device's struct xin_device
 * @dev: an xnet device (netif_is_xnet() is true)
 *
 * Return: the slot; writers hold RTNL, readers use RCU.
 */
struct xin_device __rcu **xnet_xin_ptr(struct net_device *dev)
{
	struct xnet_priv *priv = netdev_priv(dev);

	return &priv->xin;
}

static void xnet_count_tx(struct net_device *dev, unsigned int len)
{
	struct pcpu_sw_netstats *s = this_cpu_ptr(dev->tstats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

static void xnet_count_rx(struct net_device *dev, unsigned int len)
{
	struct pcpu_sw_netstats *s = this_cpu_ptr(dev->tstats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

/**
 * xnet_fault_of - the fault state of an xnet device
 * @dev: an xnet device (netif_is_xnet() is true)
 *
 * Return: the state, which lives as long as the device.
 */
struct xnet_fault *xnet_fault_of(struct net_device *dev)
{
	struct xnet_priv *priv = netdev_priv(dev);

	return &priv->fault;
}

/**
 * xnet_deliver - hand a packet @dev sends to the receiving end
 * @skb: the packet, consumed
 * @dev: the sending xnet device
 *
 * The transmit path proper, after any fault: called from ndo_start_xmit
 * and from the fault timer, always under rcu_read_lock_bh().
 *
 * Return: NETDEV_TX_OK (the packet is always consumed).
 */
netdev_tx_t xnet_deliver(struct sk_buff *skb, struct net_device *dev)
{
	struct xnet_priv *priv = netdev_priv(dev);
	struct net_device *rcv;
	unsigned int len = skb->len;
	bool xnet_ns = true;

	rcv = rcu_dereference_bh(priv->peer);
	if (!rcv) {
		if (priv->pair)
			goto drop;
		rcv = dev;
	}
	if (unlikely(!(rcv->flags & IFF_UP)))
		goto drop;

	/*
	 * A loopback's packet is sent once it is queued to receive, as
	 * loopback_xmit() has it: the sender is uncharged (its TX completion,
	 * TCP Small Queues' clock) now.  A pair keeps the charge until the
	 * receiving stack takes it, as veth does.
	 */
	if (rcv == dev)
		skb_orphan(skb);
	else
		xnet_ns = net_eq(dev_net(dev), dev_net(rcv));
	skb_scrub_packet(skb, !xnet_ns);
	skb->dev = rcv;
	skb->pkt_type = PACKET_HOST;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	/*
	 * The device carries IPv4.  Linux's IPv6, where the kernel has it,
	 * configures any device and sends its router solicitations here
	 * too: those stay IPv6 for Linux's stack, as on a tun device,
	 * rather than reach xip_rcv() as IPv4 header errors.
	 */
	if (skb->protocol != htons(ETH_P_IPV6))
		skb->protocol = rcu_access_pointer(*xnet_xin_ptr(rcv)) ?
				htons(ETH_P_XINET) : htons(ETH_P_IP);

	xnet_count_tx(dev, len);
	if (likely(netif_rx(skb) == NET_RX_SUCCESS))
		xnet_count_rx(rcv, len);
	else
		dev_core_stats_rx_dropped_inc(rcv);
	return NETDEV_TX_OK;

drop:
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static netdev_tx_t xnet_xmit_one(struct sk_buff *skb, struct net_device *dev)
{
	struct xnet_priv *priv = netdev_priv(dev);

	if (unlikely(xnet_fault_active(&priv->fault)))
		return xnet_fault_xmit(&priv->fault, skb);
	return xnet_deliver(skb, dev);
}

/* The GSO packets xinet's receive path takes whole. */
#define XNET_XINET_GSO	(SKB_GSO_TCPV4 | SKB_GSO_TCP_ECN |		\
			 SKB_GSO_TCP_FIXEDID | SKB_GSO_UDP_L4 |		\
			 SKB_GSO_DODGY)

/*
 * Whether the GSO packet @skb that @dev sends must become wire segments
 * here.  Linux's stack takes a GSO packet whole, as it does from veth or
 * lo, and so does xinet's: its TCP as tcp_v4_rcv() takes one (counting
 * its segments in segs_in, its segment size as the peer's MSS), its UDP
 * cutting it itself for a socket without UDP_GRO (xudp_queue_rcv_skb()).
 * A fault rule wants wire segments, as it acts per wire segment (a 1 %
 * drop drops 1 % of the MSS-sized segments), and so does xinet for a
 * kind of packet it does not know (tunnels).
 */
static bool xnet_must_segment(struct net_device *dev, struct sk_buff *skb)
{
	struct xnet_priv *priv = netdev_priv(dev);
	struct net_device *rcv;

	if (xnet_fault_active(&priv->fault))
		return true;
	rcv = rcu_dereference_bh(priv->peer) ?: dev;
	if (!rcu_access_pointer(*xnet_xin_ptr(rcv)))
		return false;
	return skb_shinfo(skb)->gso_type & ~XNET_XINET_GSO;
}

/*
 * Software segmentation (skb_gso_segment(), as validate_xmit_skb() does
 * for a device without the GSO feature).  The segments keep the checksum
 * offload: the receiving end takes CHECKSUM_PARTIAL as a valid checksum,
 * and the fault path computes it before it corrupts a segment.
 */
static netdev_tx_t xnet_xmit_segments(struct sk_buff *skb,
				      struct net_device *dev)
{
	netdev_features_t features = dev->features & ~NETIF_F_GSO_MASK;
	struct sk_buff *segs, *seg, *next;

	segs = skb_gso_segment(skb, features);
	if (!segs)	/* nothing to cut after all */
		return xnet_xmit_one(skb, dev);
	if (IS_ERR(segs)) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		xnet_xmit_one(seg, dev);
	}
	return NETDEV_TX_OK;
}

/* __dev_queue_xmit() holds rcu_read_lock_bh() around us. */
static netdev_tx_t xnet_xmit(struct sk_buff *skb, struct net_device *dev)
{
	if (skb_is_gso(skb) && xnet_must_segment(dev, skb))
		return xnet_xmit_segments(skb, dev);
	return xnet_xmit_one(skb, dev);
}

static int xnet_open(struct net_device *dev)
{
	struct xnet_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	if (!peer) {
		netif_carrier_on(dev);
		return 0;
	}
	if (peer->flags & IFF_UP) {
		netif_carrier_on(dev);
		netif_carrier_on(peer);
	}
	return 0;
}

static int xnet_close(struct net_device *dev)
{
	struct xnet_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	netif_carrier_off(dev);
	if (peer)
		netif_carrier_off(peer);
	return 0;
}

static int xnet_get_iflink(const struct net_device *dev)
{
	struct xnet_priv *priv = netdev_priv(dev);
	struct net_device *peer;
	int iflink;

	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	iflink = peer ? READ_ONCE(peer->ifindex) : READ_ONCE(dev->ifindex);
	rcu_read_unlock();
	return iflink;
}

/*
 * The namespace's "xlo" going away (with its namespace) forgets itself.
 * Transmission has stopped for good (unregistration closed the device
 * and waited for a grace period), so the packets the faults still hold
 * can go.
 */
static void xnet_uninit(struct net_device *dev)
{
	struct xinet_net *xn = xinet_net(dev_net(dev));
	struct xnet_priv *priv = netdev_priv(dev);

	xnet_fault_destroy(&priv->fault);

	if (xn->loopback_dev == dev)
		WRITE_ONCE(xn->loopback_dev, NULL);
}

static const struct net_device_ops xnet_netdev_ops = {
	.ndo_uninit		= xnet_uninit,
	.ndo_open		= xnet_open,
	.ndo_stop		= xnet_close,
	.ndo_start_xmit		= xnet_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_get_iflink		= xnet_get_iflink,
};

static void xnet_setup(struct net_device *dev)
{
	dev->type = ARPHRD_NONE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->flags = IFF_NOARP | IFF_POINTOPOINT;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->mtu = XNET_PAIR_MTU;
	dev->min_mtu = XNET_MIN_MTU;
	dev->max_mtu = XNET_MAX_MTU;
	dev->netdev_ops = &xnet_netdev_ops;
	dev->needs_free_netdev = true;
	xnet_fault_init(&((struct xnet_priv *)netdev_priv(dev))->fault, dev);
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	/*
	 * As veth and lo: nothing is ever put on a wire, so a checksum may
	 * stay undone (CHECKSUM_PARTIAL, which receivers take as valid)
	 * and a GSO packet whole, unless a receiver or a fault wants wire
	 * segments (xnet_xmit()).
	 */
	dev->features |= XNET_FEATURES;
	xinet_dev_set_lltx(dev);
	dev->hw_features = XNET_FEATURES;
	dev->hw_enc_features = XNET_FEATURES;
	netif_keep_dst(dev);
}

static int xnet_validate(struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		NL_SET_ERR_MSG(extack, "xnet devices have no link-layer address");
		return -EINVAL;
	}
	if (tb[IFLA_MTU]) {
		u32 mtu = nla_get_u32(tb[IFLA_MTU]);

		if (mtu < XNET_MIN_MTU || mtu > XNET_MAX_MTU) {
			NL_SET_ERR_MSG(extack, "MTU out of range (68..65535)");
			return -EINVAL;
		}
	}
	return 0;
}

static const struct nla_policy xnet_policy[XNET_INFO_MAX + 1] = {
	[XNET_INFO_PEER] = { .len = sizeof(struct ifinfomsg) },
};

/*
 * Creates and registers the peer of @dev described by @nla_peer (a
 * struct ifinfomsg and IFLA attributes) in its namespace.
 */
static struct net_device *xnet_new_peer(struct net *src_net,
					struct net_device *dev,
					struct nlattr *nla_peer,
					struct netlink_ext_ack *extack)
{
	struct nlattr *tbp[IFLA_MAX + 1];
	unsigned char name_assign_type;
	struct ifinfomsg *ifmp = nla_data(nla_peer);
	char ifname[IFNAMSIZ];
	struct net_device *peer;
	struct net *net;
	int err;

	err = rtnl_nla_parse_ifinfomsg(tbp, nla_peer, extack);
	if (err < 0)
		return ERR_PTR(err);
	err = xnet_validate(tbp, NULL, extack);
	if (err < 0)
		return ERR_PTR(err);

	if (tbp[IFLA_IFNAME]) {
		nla_strscpy(ifname, tbp[IFLA_IFNAME], IFNAMSIZ);
		name_assign_type = NET_NAME_USER;
	} else {
		snprintf(ifname, IFNAMSIZ, XNET_KIND "%%d");
		name_assign_type = NET_NAME_ENUM;
	}

	net = rtnl_link_get_net(src_net, tbp);
	if (IS_ERR(net))
		return ERR_CAST(net);
	/*
	 * rtnl_newlink() checked the requester's right over the namespace
	 * of the device; the peer's may be another one, which the
	 * requester must administer too (as rtnl_link_get_net_capable()
	 * requires of IFLA_NET_NS_*): else root of any user namespace
	 * could plant devices in namespaces it does not own.
	 */
	if (!ns_capable(net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(extack,
			       "No CAP_NET_ADMIN over the peer's namespace");
		put_net(net);
		return ERR_PTR(-EPERM);
	}
	peer = rtnl_create_link(net, ifname, name_assign_type, &xnet_link_ops,
				tbp, extack);
	if (IS_ERR(peer)) {
		put_net(net);
		return peer;
	}
	if (ifmp->ifi_index && dev->ifindex)
		peer->ifindex = ifmp->ifi_index;
	((struct xnet_priv *)netdev_priv(peer))->pair = true;

	err = register_netdevice(peer);
	put_net(net);
	if (err < 0) {
		free_netdev(peer);
		return ERR_PTR(err);
	}
	netif_carrier_off(peer);
	err = rtnl_configure_link(peer, ifmp, 0, NULL);
	if (err < 0) {
		unregister_netdevice(peer);
		return ERR_PTR(err);
	}
	return peer;
}

static int xnet_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	struct net_device *peer = NULL;
	struct xnet_priv *priv;
	int err;

	if (data && data[XNET_INFO_PEER]) {
		peer = xnet_new_peer(src_net, dev, data[XNET_INFO_PEER], extack);
		if (IS_ERR(peer))
			return PTR_ERR(peer);
		((struct xnet_priv *)netdev_priv(dev))->pair = true;
	} else if (!tb[IFLA_MTU]) {
		dev->mtu = XNET_LOOPBACK_MTU;
	}

	if (tb[IFLA_IFNAME])
		nla_strscpy(dev->name, tb[IFLA_IFNAME], IFNAMSIZ);
	else
		snprintf(dev->name, IFNAMSIZ, XNET_KIND "%%d");

	err = register_netdevice(dev);
	if (err < 0)
		goto err_unregister_peer;
	netif_carrier_off(dev);

	if (peer) {
		priv = netdev_priv(dev);
		rcu_assign_pointer(priv->peer, peer);
		priv = netdev_priv(peer);
		rcu_assign_pointer(priv->peer, dev);
	}
	return 0;

err_unregister_peer:
	if (peer)
		unregister_netdevice(peer);
	return err;
}

static void xnet_dellink(struct net_device *dev, struct list_head *head)
{
	struct xnet_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	/*
	 * The pointers go before the devices do; the transmit path sees
	 * either a live peer or none, and the devices themselves outlive
	 * every RCU reader (unregistration waits for a grace period).
	 */
	RCU_INIT_POINTER(priv->peer, NULL);
	unregister_netdevice_queue(dev, head);
	if (peer) {
		priv = netdev_priv(peer);
		RCU_INIT_POINTER(priv->peer, NULL);
		unregister_netdevice_queue(peer, head);
	}
}

static struct net *xnet_get_link_net(const struct net_device *dev)
{
	struct xnet_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	return peer ? dev_net(peer) : dev_net(dev);
}

static size_t xnet_get_size(const struct net_device *dev)
{
	return 0;
}

static struct rtnl_link_ops xnet_link_ops = {
	.kind		= XNET_KIND,
	.priv_size	= sizeof(struct xnet_priv),
	.setup		= xnet_setup,
	.validate	= xnet_validate,
	.newlink	= xnet_newlink,
	.dellink	= xnet_dellink,
	.policy		= xnet_policy,
	.maxtype	= XNET_INFO_MAX,
	.get_link_net	= xnet_get_link_net,
	.get_size	= xnet_get_size,
};

/**
 * xnet_dev_create - make a loopback xnet device from the kernel
 * @net: its namespace
 * @name: its name (may hold a "%d")
 *
 * As `ip link add NAME type xnet`, from the kernel.  Only the KUnit suites
 * call it (linked into the module, they need no export).  Caller holds
 * RTNL; unregister_netdevice() removes it.
 *
 * Return: the registered device (down), or an ERR_PTR().
 */
struct net_device *xnet_dev_create(struct net *net, const char *name)
{
	struct net_device *dev;
	int err;

	ASSERT_RTNL();
	dev = alloc_netdev(sizeof(struct xnet_priv), name, NET_NAME_USER,
			   xnet_setup);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	dev->mtu = XNET_LOOPBACK_MTU;
	dev->rtnl_link_ops = &xnet_link_ops;
	dev_net_set(dev, net);
	err = register_netdevice(dev);
	if (err) {
		free_netdev(dev);
		return ERR_PTR(err);
	}
	return dev;
}

/**
 * xnet_init - register the "xnet" link kind
 *
 * Return: 0 or a negative errno.
 */
int xnet_init(void)
{
	return rtnl_link_register(&xnet_link_ops);
}

/**
 * xnet_exit - unregister the "xnet" link kind
 *
 * Every xnet device is gone already (xnet_net_exit() for every
 * namespace); rtnl_link_unregister() would delete any left.
 */
void xnet_exit(void)
{
	rtnl_link_unregister(&xnet_link_ops);
}

/**
 * xnet_net_init - give a namespace its loopback xnet device
 * @net: the new namespace
 *
 * "xlo" is a loopback xnet device that cannot leave its namespace, up.
 * Like "lo" it has no link ops, so it cannot be deleted; it goes with its
 * namespace or with the module.  Its address is the address layer's
 * business (xinet_init_dev_net()).
 *
 * Return: 0 or a negative errno.
 */
int xnet_net_init(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);
	struct net_device *dev;
	int err;

	dev = alloc_netdev(sizeof(struct xnet_priv), XNET_LOOPBACK_NAME,
			   NET_NAME_PREDICTABLE, xnet_setup);
	if (!dev)
		return -ENOMEM;
	dev->mtu = XNET_LOOPBACK_MTU;
	xinet_dev_set_netns_local(dev);
	dev_net_set(dev, net);

	rtnl_lock();
	err = register_netdevice(dev);
	if (err) {
		free_netdev(dev);
		goto out_unlock;
	}
	err = dev_open(dev, NULL);
	if (err)
		goto out_unregister;
	WRITE_ONCE(xn->loopback_dev, dev);
	rtnl_unlock();
	return 0;

out_unregister:
	unregister_netdevice(dev);
out_unlock:
	rtnl_unlock();
	return err;
}

/**
 * xnet_net_exit - remove a namespace's xnet devices
 * @net: the namespace, dying or losing xinet (module unload)
 *
 * Runs as a pernet device operation, while the namespace's xinet state
 * (routes, addresses) is still there for the devices to take down with
 * them.  Pair ends in other namespaces go too, as with veth.
 */
void xnet_net_exit(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);
	struct net_device *dev;
	LIST_HEAD(list);

	rtnl_lock();
	WRITE_ONCE(xn->loopback_dev, NULL);
	for_each_netdev(net, dev) {
		if (!netif_is_xnet(dev))
			continue;
		if (dev->rtnl_link_ops == &xnet_link_ops)
			xnet_dellink(dev, &list);
		else
			unregister_netdevice_queue(dev, &list);
	}
	unregister_netdevice_many(&list);
	rtnl_unlock();
}
