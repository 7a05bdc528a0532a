/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xinet: TCP over AF_XINET, twin of include/net/tcp.h and
 * include/linux/tcp.h.
 */
#ifndef _NET_XINET_XTCP_H
#define _NET_XINET_XTCP_H

#include <linux/poll.h>
#include <net/sock.h>
#include <net/xinet/xinet_sock.h>

/**
 * struct xtcp_sock - an AF_XINET TCP socket
 * @xinet: the AF_XINET part; must be first
 *
 * Connection state joins this structure with the connection machinery.
 */
struct xtcp_sock {
	struct xinet_sock	xinet;
};

static inline struct xtcp_sock *xtcp_sk(const struct sock *sk)
{
	return (struct xtcp_sock *)sk;
}

__poll_t xtcp_poll(struct file *file, struct socket *sock,
		   struct poll_table_struct *wait);
void xtcp_close(struct sock *sk, long timeout);
void xtcp_init_sock(struct sock *sk);
void xtcp_init_net(struct net *net);

#endif /* _NET_XINET_XTCP_H */
