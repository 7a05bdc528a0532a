// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: ICMP echo ("ping") sockets, twin of net/ipv4/ping.c.
 *
 * Unprivileged ping sockets are allowed only for the groups in
 * net.xinet.ping_group_range, as net.ipv4.ping_group_range governs them
 * for AF_INET; the check uses the creator's credentials, even for
 * kernel sockets, exactly as ping_init_sock() does.
 */

#include <linux/module.h>
#include <linux/cred.h>
#include <net/sock.h>
#include <kunit/visibility.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/netns.h>
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

static int xping_hash(struct sock *sk)
{
	return 0;
}

static void xping_unhash(struct sock *sk)
{
}

struct proto xping_prot = {
	.name		= "XPING",
	.owner		= THIS_MODULE,
	.init		= xping_init_sock,
	.close		= xping_close,
	.setsockopt	= xip_setsockopt,
	.getsockopt	= xip_getsockopt,
	.hash		= xping_hash,
	.unhash		= xping_unhash,
	.obj_size	= sizeof(struct xinet_sock),
};
EXPORT_SYMBOL_IF_KUNIT(xping_prot);
