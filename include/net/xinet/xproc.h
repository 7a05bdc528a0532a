/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: /proc/net/xinet, twin of net/ipv4/proc.c (net/xinet/xproc.c).
 * Each namespace has its own directory; xinet_proc_init_net() creates it
 * and the counter files (snmp, netstat), the transports add their socket
 * lists (udp, tcp) in their own per-namespace init.
 */
#ifndef _NET_XINET_XPROC_H
#define _NET_XINET_XPROC_H

struct net;

int xinet_proc_init_net(struct net *net);
void xinet_proc_exit_net(struct net *net);

#endif /* _NET_XINET_XPROC_H */
