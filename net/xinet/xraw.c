// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: raw IP sockets, twin of net/ipv4/raw.c.
 *
 * xinet_create() has already checked CAP_NET_RAW and set the socket's
 * number to its protocol, which hashes it at creation as AF_INET does.
 */

#include <linux/module.h>
#include <net/sock.h>
#include <kunit/visibility.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xip.h>

static void xraw_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

/* Raw delivery comes with the IPv4 layer; until then the table is empty. */
static int xraw_hash_sk(struct sock *sk)
{
	return 0;
}

static void xraw_unhash_sk(struct sock *sk)
{
}

struct proto xraw_prot = {
	.name		= "XRAW",
	.owner		= THIS_MODULE,
	.close		= xraw_close,
	.setsockopt	= xip_setsockopt,
	.getsockopt	= xip_getsockopt,
	.hash		= xraw_hash_sk,
	.unhash		= xraw_unhash_sk,
	.obj_size	= sizeof(struct xinet_sock),
};
EXPORT_SYMBOL_IF_KUNIT(xraw_prot);
