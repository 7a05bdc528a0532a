/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: IP-level socket options, twin of the ip_sockglue.c part of
 * include/net/ip.h.
 */
#ifndef _NET_XINET_XIP_H
#define _NET_XINET_XIP_H

#include <linux/sockptr.h>
#include <net/sock.h>

int xip_setsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		   unsigned int optlen);
int xip_getsockopt(struct sock *sk, int level, int optname,
		   char __user *optval, int __user *optlen);

#endif /* _NET_XINET_XIP_H */
