// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: UDP, twin of net/ipv4/udp.c.
 */

#include <linux/module.h>
#include <net/sock.h>
#include <kunit/visibility.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/xip.h>
#include <net/xinet/xudp.h>

/* Twin of udp_lib_close(): nothing lingers for a datagram socket. */
static void xudp_lib_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

/* A UDP socket is hashed by port allocation, never by ->hash. */
static int xudp_lib_hash(struct sock *sk)
{
	return 0;
}

static void xudp_lib_unhash(struct sock *sk)
{
}

struct proto xudp_prot = {
	.name		= "XUDP",
	.owner		= THIS_MODULE,
	.close		= xudp_lib_close,
	.setsockopt	= xip_setsockopt,
	.getsockopt	= xip_getsockopt,
	.hash		= xudp_lib_hash,
	.unhash		= xudp_lib_unhash,
	.obj_size	= sizeof(struct xudp_sock),
};
EXPORT_SYMBOL_IF_KUNIT(xudp_prot);

int xudp_init(void)
{
	return 0;
}

void xudp_exit(void)
{
}

int xudp_net_init(struct net *net)
{
	return 0;
}

void xudp_net_exit(struct net *net)
{
}
