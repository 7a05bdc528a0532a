/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: xnet, the virtual layer-3 netdev AF_XINET sends and receives on
 * (net/xinet/xnet.c; a "virnet" device in the spirit of veth and
 * loopback).  `ip link add A type xnet` makes a loopback device,
 * `ip link add A type xnet peer name B` a pair.
 */
#ifndef _NET_XINET_XNET_H
#define _NET_XINET_XNET_H

#include <linux/netdevice.h>
#include <linux/if_ether.h>

/* Name of the loopback xnet device each namespace gets. */
#define XNET_LOOPBACK_NAME	"xlo"

/*
 * skb->protocol of packets an xnet device delivers to xinet: a local
 * experimental ethertype, never on any wire (xnet has no link header).
 * Packets arriving on a device where xinet has no address keep
 * ETH_P_IP and belong to Linux's own stack.
 */
#define ETH_P_XINET		ETH_P_802_EX1

struct xin_device;

bool netif_is_xnet(const struct net_device *dev);
struct xin_device __rcu **xnet_xin_ptr(struct net_device *dev);

struct net_device *xnet_dev_create(struct net *net, const char *name);

int xnet_init(void);
void xnet_exit(void);
int xnet_net_init(struct net *net);
void xnet_net_exit(struct net *net);

#endif /* _NET_XINET_XNET_H */
