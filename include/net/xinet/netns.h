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
#include <net/xinet/xsnmp.h>

struct ctl_table_header;
struct proc_dir_entry;
struct net_device;
struct xfib_table;
struct xudp_table;

/**
 * struct xinet_net - AF_XINET state of one network namespace
 * @net: the namespace this state belongs to
 * @sysctl_hdr: the net.xinet sysctl directory of this namespace
 * @proc_dir: /proc/net/xinet of this namespace
 * @mib: the SNMP counters (Ip, Icmp, Udp, Tcp, TcpExt)
 * @loopback_dev: the namespace's xnet loopback device ("xlo", 127.0.0.1/8)
 * @fib: the routing table (net/xinet/xfib.c)
 * @udp_table: the UDP socket table (net/xinet/xudp.c)
 * @ping_group_range: groups allowed to create ping sockets, as
 *	net.ipv4.ping_group_range; written under @ping_group_range_lock,
 *	read locklessly with the seqlock's retry loop
 * @ping_group_range_lock: see @ping_group_range
 * @sysctl_tcp_wmem: min, default, max send buffer of TCP sockets
 *	(net.xinet.tcp_wmem, as net.ipv4.tcp_wmem)
 * @sysctl_tcp_rmem: min, default, max receive buffer of TCP sockets
 *	(net.xinet.tcp_rmem, as net.ipv4.tcp_rmem)
 * @sysctl_ip_default_ttl: TTL of sockets without IP_TTL
 * @ip_local_ports_range: ephemeral ports, last << 16 | first, one word so
 *	that readers (xinet_get_local_port_range()) need no lock
 * @ip_local_ports_warned: the same-parity warning was given
 * @sysctl_ip_prot_sock: first port that needs no CAP_NET_BIND_SERVICE
 *	(net.xinet.ip_unprivileged_port_start)
 * @sysctl_icmp_ratelimit: minimal jiffies between rate-limited ICMP errors
 * @sysctl_icmp_ratemask: ICMP types that are rate limited (bit per type)
 * @sysctl_icmp_echo_ignore_all: do not answer echo requests
 */
struct xinet_net {
	struct net		*net;
	struct ctl_table_header	*sysctl_hdr;
	struct proc_dir_entry	*proc_dir;
	struct xinet_mib	mib;
	struct net_device	*loopback_dev;
	struct xfib_table	*fib;
	struct xudp_table	*udp_table;
	kgid_t			ping_group_range[2];
	seqlock_t		ping_group_range_lock;
	int			sysctl_tcp_wmem[3];
	int			sysctl_tcp_rmem[3];
	u8			sysctl_ip_default_ttl;
	bool			ip_local_ports_warned;
	u32			ip_local_ports_range;
	int			sysctl_ip_prot_sock;
	int			sysctl_icmp_ratelimit;
	int			sysctl_icmp_ratemask;
	u8			sysctl_icmp_echo_ignore_all;
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
void xinet_get_local_port_range(const struct net *net, int *low, int *high);

#endif /* _NET_XINET_NETNS_H */
