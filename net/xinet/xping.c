// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: ICMP echo ("ping") sockets, twin of net/ipv4/ping.c.
 *
 * Unprivileged ping sockets are allowed only for the groups in
 * net.xinet.ping_group_range, as net.ipv4.ping_group_range governs them
 * for AF_INET; the check uses the creator's credentials, even for
 * kernel sockets, exactly as ping_init_sock() does.
 *
 * bind() takes an ICMP echo identifier where other sockets take a port,
 * from a table shared by the namespaces as ping_table is; no privileged
 * range applies to identifiers, as none does in Linux.  Echo delivery
 * comes with the IPv4 layer; the table is already what it will search.
 */

#include <linux/in.h>
#include <linux/module.h>
#include <linux/cred.h>
#include <linux/rtnetlink.h>
#include <linux/spinlock.h>
#include <net/netns/hash.h>
#include <net/sock.h>
#include <linux/xinet.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/netns.h>
#include <net/xinet/protocol.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xinet_sock.h>
#include <net/xinet/xip.h>

/* Twin of ping_init_sock(). */
static int xping_init_sock(struct sock *sk)
{
	kgid_t group = current_egid();
	struct group_info *group_info;
	kgid_t low, high;
	int ret = 0;
	int i;

	xinet_get_ping_group_range(sock_net(sk), &low, &high);
	if (gid_lte(low, group) && gid_lte(group, high))
		return 0;

	group_info = get_current_groups();
	for (i = 0; i < group_info->ngroups; i++) {
		kgid_t gid = group_info->gid[i];

		if (gid_lte(low, gid) && gid_lte(gid, high))
			goto out_release_group;
	}
	ret = -EACCES;

out_release_group:
	put_group_info(group_info);
	return ret;
}

static void xping_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

#define XPING_HTABLE_SIZE	64

/* Bound ping sockets by identifier (twin of ping_table). */
static struct {
	struct hlist_head	hash[XPING_HTABLE_SIZE];
	spinlock_t		lock;	/* the chains and the rover */
	u16			rover;
} xping_table = {
	.lock = __SPIN_LOCK_UNLOCKED(xping_table.lock),
};

static struct hlist_head *xping_hashslot(const struct net *net,
					 unsigned int ident)
{
	return &xping_table.hash[(ident + net_hash_mix(net)) &
				 (XPING_HTABLE_SIZE - 1)];
}

/* Is @ident taken in @net (by another than @sk, unless both reuse)? */
static bool xping_ident_taken(struct sock *sk, struct net *net, u16 ident,
			      bool any_owner)
{
	struct sock *sk2;

	sk_for_each(sk2, xping_hashslot(net, ident)) {
		if (!net_eq(sock_net(sk2), net) ||
		    xinet_sk(sk2)->xinet_num != ident)
			continue;
		if (any_owner ||
		    (sk2 != sk && (!sk2->sk_reuse || !sk->sk_reuse)))
			return true;
	}
	return false;
}

/*
 * Twin of ping_get_port(): @ident, or the next free one after the rover
 * when 0; the socket enters the table.  Return: 0 or -EADDRINUSE.
 */
static int xping_get_port(struct sock *sk, unsigned short ident)
{
	struct net *net = sock_net(sk);
	u32 i;

	spin_lock(&xping_table.lock);
	if (!ident) {
		u16 result = xping_table.rover + 1;

		for (i = 0; i < (1U << 16); i++, result++) {
			if (!result)
				result++;	/* 0 is "pick one" */
			if (!xping_ident_taken(sk, net, result, true))
				break;
		}
		if (i >= (1U << 16))
			goto fail;
		xping_table.rover = result;
		ident = result;
	} else if (xping_ident_taken(sk, net, ident, false)) {
		goto fail;
	}

	xinet_sk(sk)->xinet_num = ident;
	if (sk_unhashed(sk)) {
		sk_add_node_rcu(sk, xping_hashslot(net, ident));
		sock_set_flag(sk, SOCK_RCU_FREE);
		sock_prot_inuse_add(net, sk->sk_prot, 1);
	}
	spin_unlock(&xping_table.lock);
	return 0;

fail:
	spin_unlock(&xping_table.lock);
	return -EADDRINUSE;
}

static int xping_hash(struct sock *sk)
{
	return 0;
}

/* Twin of ping_unhash(): close() leaves the table. */
static void xping_unhash(struct sock *sk)
{
	struct xinet_sock *xinet = xinet_sk(sk);

	spin_lock(&xping_table.lock);
	if (sk_del_node_init_rcu(sk)) {
		WRITE_ONCE(xinet->xinet_num, 0);
		xinet->xinet_sport = 0;
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
	}
	spin_unlock(&xping_table.lock);
}

/*
 * Twin of ping_check_bind_addr(): any, or a local unicast address (or
 * any unicast one with IP_FREEBIND); never broadcast nor multicast.
 */
static int xping_check_bind_addr(struct sock *sk, struct sockaddr_xin *addr,
				 int addr_len)
{
	unsigned int chk_addr_ret;

	if (addr_len < sizeof(*addr))
		return -EINVAL;
	if (addr->sxin_family != xinet_family &&
	    !(addr->sxin_family == AF_UNSPEC &&
	      addr->sxin_addr == htonl(INADDR_ANY)))
		return -EAFNOSUPPORT;
	if (addr->sxin_addr == htonl(INADDR_ANY))
		return 0;

	chk_addr_ret = xinet_addr_type(sock_net(sk), addr->sxin_addr);
	if (chk_addr_ret == RTN_MULTICAST || chk_addr_ret == RTN_BROADCAST ||
	    (chk_addr_ret != RTN_LOCAL && !xinet_test_bit(FREEBIND, sk)))
		return -EADDRNOTAVAIL;
	return 0;
}

/* Twin of ping_bind(). */
static int xping_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_xin *addr = (struct sockaddr_xin *)uaddr;
	struct xinet_sock *xinet = xinet_sk(sk);
	unsigned short snum;
	int err;

	err = xping_check_bind_addr(sk, addr, addr_len);
	if (err)
		return err;

	lock_sock(sk);
	err = -EINVAL;
	if (xinet->xinet_num)
		goto out;

	err = -EADDRINUSE;
	snum = ntohs(addr->sxin_port);
	if (xping_get_port(sk, snum))
		goto out;
	xinet->xinet_saddr = addr->sxin_addr;
	WRITE_ONCE(xinet->xinet_rcv_saddr, addr->sxin_addr);

	err = 0;
	if (xinet->xinet_rcv_saddr)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (snum)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	xinet->xinet_sport = htons(xinet->xinet_num);
	xinet->xinet_daddr = 0;
	xinet->xinet_dport = 0;
	sk_dst_reset(sk);
out:
	release_sock(sk);
	return err;
}

struct proto xping_prot = {
	.name		= "XPING",
	.owner		= THIS_MODULE,
	.init		= xping_init_sock,
	.close		= xping_close,
	.bind		= xping_bind,
	.get_port	= xping_get_port,
	.setsockopt	= xip_setsockopt,
	.getsockopt	= xip_getsockopt,
	.hash		= xping_hash,
	.unhash		= xping_unhash,
	.obj_size	= sizeof(struct xinet_sock),
};
