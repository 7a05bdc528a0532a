/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: SNMP/MIB counters, twin of include/net/snmp.h's users in
 * net/ipv4.  The counter sets and their enums are the kernel's own
 * (struct ipstats_mib, IPSTATS_MIB_*, ...), so /proc/net/xinet/snmp and
 * netstat print the same names as /proc/net/snmp; the storage is per
 * namespace and per CPU, in struct xinet_net.
 */
#ifndef _NET_XINET_XSNMP_H
#define _NET_XINET_XSNMP_H

#include <net/snmp.h>

/* The macros below expect <net/xinet/netns.h> at their point of use. */

/*
 * struct xinet_mib - the counters of one namespace (a plain comment:
 * kernel-doc cannot see the members through DEFINE_SNMP_STAT, nor does
 * Linux's struct netns_mib have one)
 * @ip_statistics: Ip: (IPSTATS_MIB_*)
 * @icmp_statistics: Icmp: (ICMP_MIB_*)
 * @icmpmsg_statistics: IcmpMsg: (per ICMP type, in and out)
 * @udp_statistics: Udp: (UDP_MIB_*)
 * @tcp_statistics: Tcp: (TCP_MIB_*)
 * @net_statistics: TcpExt: and friends (LINUX_MIB_*)
 */
struct xinet_mib {
	DEFINE_SNMP_STAT(struct ipstats_mib, ip_statistics);
	DEFINE_SNMP_STAT(struct icmp_mib, icmp_statistics);
	DEFINE_SNMP_STAT_ATOMIC(struct icmpmsg_mib, icmpmsg_statistics);
	DEFINE_SNMP_STAT(struct udp_mib, udp_statistics);
	DEFINE_SNMP_STAT(struct tcp_mib, tcp_statistics);
	DEFINE_SNMP_STAT(struct linux_mib, net_statistics);
};

int xinet_mib_init(struct xinet_mib *mib);
void xinet_mib_free(struct xinet_mib *mib);

#define XIP_INC_STATS(net, field)	\
	SNMP_INC_STATS64(xinet_net(net)->mib.ip_statistics, field)
#define __XIP_INC_STATS(net, field)	\
	__SNMP_INC_STATS64(xinet_net(net)->mib.ip_statistics, field)
#define XIP_ADD_STATS(net, field, val)	\
	SNMP_ADD_STATS64(xinet_net(net)->mib.ip_statistics, field, val)
#define __XIP_ADD_STATS(net, field, val)	\
	__SNMP_ADD_STATS64(xinet_net(net)->mib.ip_statistics, field, val)
#define XICMP_INC_STATS(net, field)	\
	SNMP_INC_STATS(xinet_net(net)->mib.icmp_statistics, field)
#define __XICMP_INC_STATS(net, field)	\
	__SNMP_INC_STATS(xinet_net(net)->mib.icmp_statistics, field)
#define XICMPMSGOUT_INC_STATS(net, type)	\
	atomic_long_inc(&xinet_net(net)->mib.icmpmsg_statistics->mibs[(type) + 256])
#define XICMPMSGIN_INC_STATS(net, type)	\
	atomic_long_inc(&xinet_net(net)->mib.icmpmsg_statistics->mibs[type])
#define XUDP_INC_STATS(net, field)	\
	SNMP_INC_STATS(xinet_net(net)->mib.udp_statistics, field)
#define __XUDP_INC_STATS(net, field)	\
	__SNMP_INC_STATS(xinet_net(net)->mib.udp_statistics, field)
#define XUDP_ADD_STATS(net, field, val)	\
	SNMP_ADD_STATS(xinet_net(net)->mib.udp_statistics, field, val)
#define XTCP_INC_STATS(net, field)	\
	SNMP_INC_STATS(xinet_net(net)->mib.tcp_statistics, field)
#define __XTCP_INC_STATS(net, field)	\
	__SNMP_INC_STATS(xinet_net(net)->mib.tcp_statistics, field)
#define XTCP_ADD_STATS(net, field, val)	\
	SNMP_ADD_STATS(xinet_net(net)->mib.tcp_statistics, field, val)
#define XTCP_DEC_STATS(net, field)	\
	SNMP_DEC_STATS(xinet_net(net)->mib.tcp_statistics, field)
#define XNET_INC_STATS(net, field)	\
	SNMP_INC_STATS(xinet_net(net)->mib.net_statistics, field)
#define __XNET_INC_STATS(net, field)	\
	__SNMP_INC_STATS(xinet_net(net)->mib.net_statistics, field)
#define XNET_ADD_STATS(net, field, adnd)	\
	SNMP_ADD_STATS(xinet_net(net)->mib.net_statistics, field, adnd)

#endif /* _NET_XINET_XSNMP_H */
