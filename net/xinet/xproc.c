// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: /proc/net/xinet, twin of net/ipv4/proc.c.
 */

#include <linux/proc_fs.h>
#include <net/net_namespace.h>
#include <net/xinet/netns.h>
#include <net/xinet/xproc.h>

/**
 * xinet_proc_init_net - create /proc/net/xinet in a namespace
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int xinet_proc_init_net(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);

	xn->proc_dir = proc_mkdir("xinet", net->proc_net);
	if (!xn->proc_dir)
		return -ENOMEM;
	return 0;
}

/**
 * xinet_proc_exit_net - remove /proc/net/xinet and what is in it
 * @net: the namespace
 */
void xinet_proc_exit_net(struct net *net)
{
	remove_proc_subtree("xinet", net->proc_net);
}
