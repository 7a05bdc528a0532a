/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: UDP over AF_XINET, twin of include/net/udp.h.
 */
#ifndef _NET_XINET_XUDP_H
#define _NET_XINET_XUDP_H

#include <net/xinet/xinet_sock.h>

/**
 * struct xudp_sock - an AF_XINET UDP socket
 * @xinet: the AF_XINET part; must be first
 */
struct xudp_sock {
	struct xinet_sock	xinet;
};

int xudp_init(void);
void xudp_exit(void);
int xudp_net_init(struct net *net);
void xudp_net_exit(struct net *net);

#endif /* _NET_XINET_XUDP_H */
