// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TCP's protocol block, twin of net/ipv4/tcp_ipv4.c.
 */

#include <linux/module.h>
#include <net/sock.h>
#include <kunit/visibility.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/xip.h>
#include <net/xinet/xtcp.h>

static int xtcp_v4_init_sock(struct sock *sk)
{
	xtcp_init_sock(sk);
	return 0;
}

/* Until TCP sockets enter the hash tables there is nothing to unhash. */
static int xtcp_v4_hash(struct sock *sk)
{
	return 0;
}

static void xtcp_v4_unhash(struct sock *sk)
{
}

/**
 * xtcp_v4_net_init - TCP state of a new namespace (twin of tcp_sk_init)
 * @net: the namespace
 *
 * Return: 0 or a negative errno.
 */
int xtcp_v4_net_init(struct net *net)
{
	return 0;
}

/**
 * xtcp_v4_net_exit - a namespace goes: its TIME_WAIT socks with it
 * @net: the namespace
 */
void xtcp_v4_net_exit(struct net *net)
{
}

struct proto xtcp_prot = {
	.name		= "XTCP",
	.owner		= THIS_MODULE,
	.close		= xtcp_close,
	.init		= xtcp_v4_init_sock,
	.setsockopt	= xip_setsockopt,
	.getsockopt	= xip_getsockopt,
	.hash		= xtcp_v4_hash,
	.unhash		= xtcp_v4_unhash,
	.obj_size	= sizeof(struct xtcp_sock),
};
EXPORT_SYMBOL_IF_KUNIT(xtcp_prot);
