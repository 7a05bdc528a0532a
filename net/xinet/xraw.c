// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: raw IP sockets, twin of net/ipv4/raw.c.
 *
 * xinet_create() has already checked CAP_NET_RAW and set the socket's
 * number to its protocol, which hashes it at creation as AF_INET does.
 */

#include <linux/in.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <net/sock.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/xdevinet.h>
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

/*
 * Twin of raw_bind(): only an address, a local one (or any, broadcast,
 * multicast, or anything with IP_FREEBIND); the "port" is the protocol,
 * fixed at creation, so no privileged-port check.
 */
static int xraw_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_xin *addr = (struct sockaddr_xin *)uaddr;
	struct xinet_sock *xinet = xinet_sk(sk);
	unsigned int chk_addr_ret;
	int ret = -EINVAL;

	lock_sock(sk);
	if (sk->sk_state != TCP_CLOSE || addr_len < sizeof(*addr))
		goto out;

	chk_addr_ret = xinet_addr_type(sock_net(sk), addr->sxin_addr);
	ret = -EADDRNOTAVAIL;
	if (!xinet_test_bit(FREEBIND, sk) &&
	    addr->sxin_addr != htonl(INADDR_ANY) &&
	    chk_addr_ret != RTN_LOCAL && chk_addr_ret != RTN_MULTICAST &&
	    chk_addr_ret != RTN_BROADCAST)
		goto out;

	xinet->xinet_rcv_saddr = addr->sxin_addr;
	xinet->xinet_saddr = addr->sxin_addr;
	/* Broadcast and multicast are not source addresses: use the device's. */
	if (chk_addr_ret == RTN_MULTICAST || chk_addr_ret == RTN_BROADCAST)
		xinet->xinet_saddr = 0;
	sk_dst_reset(sk);
	ret = 0;
out:
	release_sock(sk);
	return ret;
}

struct proto xraw_prot = {
	.name		= "XRAW",
	.owner		= THIS_MODULE,
	.close		= xraw_close,
	.bind		= xraw_bind,
	.setsockopt	= xip_setsockopt,
	.getsockopt	= xip_getsockopt,
	.hash		= xraw_hash_sk,
	.unhash		= xraw_unhash_sk,
	.obj_size	= sizeof(struct xinet_sock),
};
