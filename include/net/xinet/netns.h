/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: per network namespace state, twin of include/net/netns/ipv4.h.
 *
 * A module cannot add a member to struct net, so xinet keeps its state in
 * the net_generic() slot that register_pernet_subsys() gives it.
 */
#ifndef _NET_XINET_NETNS_H
#define _NET_XINET_NETNS_H

#include <linux/seqlock.h>
#include <linux/uidgid.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

struct ctl_table_header;

/**
 * struct xinet_net - AF_XINET state of one network namespace
 * @net: the namespace this state belongs to
 * @sysctl_hdr: the net.xinet sysctl directory of this namespace
 * @ping_group_range: groups allowed to create ping sockets, as
 *	net.ipv4.ping_group_range; written under @ping_group_range_lock,
 *	read locklessly with the seqlock's retry loop
 * @ping_group_range_lock: see @ping_group_range
 * @sysctl_tcp_wmem: min, default, max send buffer of TCP sockets
 *	(net.xinet.tcp_wmem, as net.ipv4.tcp_wmem)
 * @sysctl_tcp_rmem: min, default, max receive buffer of TCP sockets
 *	(net.xinet.tcp_rmem, as net.ipv4.tcp_rmem)
 */
struct xinet_net {
	struct net		*net;
	struct ctl_table_header	*sysctl_hdr;
	kgid_t			ping_group_range[2];
	seqlock_t		ping_group_range_lock;
	int			sysctl_tcp_wmem[3];
	int			sysctl_tcp_rmem[3];
};

extern unsigned int xinet_net_id;

static inline struct xinet_net *xinet_net(const struct net *net)
{
	return net_generic(net, xinet_net_id);
}

/* Upper bound of a ping group id, as GID_T_MAX in include/net/ping.h. */
#define XINET_GID_T_MAX		(((gid_t)~0U) - 1)

int xinet_sysctl_register(struct net *net);
void xinet_sysctl_unregister(struct net *net);
void xinet_get_ping_group_range(const struct net *net, kgid_t *low,
				kgid_t *high);
void xinet_set_ping_group_range(struct net *net, kgid_t low, kgid_t high);

#endif /* _NET_XINET_NETNS_H */
