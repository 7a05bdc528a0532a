// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the net.xinet sysctl directory, twin of
 * net/ipv4/sysctl_net_ipv4.c.  Each network namespace has its own copy
 * of the table, pointing at its struct xinet_net; the names and formats
 * are those of the net.ipv4 entries they mirror.
 */

#include <linux/slab.h>
#include <linux/sysctl.h>
#include <linux/cred.h>
#include <net/net_namespace.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>

static unsigned long xinet_ping_group_range_min[] = { 0, 0 };
static unsigned long xinet_ping_group_range_max[] = {
	XINET_GID_T_MAX, XINET_GID_T_MAX
};

static void __xinet_get_ping_group_range(struct xinet_net *xn, kgid_t *low,
					 kgid_t *high)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&xn->ping_group_range_lock);
		*low = xn->ping_group_range[0];
		*high = xn->ping_group_range[1];
	} while (read_seqretry(&xn->ping_group_range_lock, seq));
}

/**
 * xinet_get_ping_group_range - groups allowed to open ping sockets
 * @net: the namespace
 * @low: first group of the range
 * @high: last group of the range (the range is empty if @high < @low)
 */
void xinet_get_ping_group_range(const struct net *net, kgid_t *low,
				kgid_t *high)
{
	__xinet_get_ping_group_range(xinet_net(net), low, high);
}
EXPORT_SYMBOL_IF_KUNIT(xinet_get_ping_group_range);

/**
 * xinet_set_ping_group_range - set the groups allowed to open ping sockets
 * @net: the namespace
 * @low: first group of the range
 * @high: last group (@high < @low makes the range empty)
 */
void xinet_set_ping_group_range(struct net *net, kgid_t low, kgid_t high)
{
	struct xinet_net *xn = xinet_net(net);

	write_seqlock(&xn->ping_group_range_lock);
	xn->ping_group_range[0] = low;
	xn->ping_group_range[1] = high;
	write_sequnlock(&xn->ping_group_range_lock);
}
EXPORT_SYMBOL_IF_KUNIT(xinet_set_ping_group_range);

/* Same parsing, bounds and "empty range" rule as ipv4_ping_group_range(). */
static int xinet_ping_group_range(xinet_ctl_table *table, int write,
				  void *buffer, size_t *lenp, loff_t *ppos)
{
	struct xinet_net *xn = container_of(table->data, struct xinet_net,
					    ping_group_range);
	struct net *net = xn->net;
	struct user_namespace *user_ns = current_user_ns();
	unsigned long urange[2];
	kgid_t low, high;
	struct ctl_table tmp = {
		.data = &urange,
		.maxlen = sizeof(urange),
		.mode = table->mode,
		.extra1 = &xinet_ping_group_range_min,
		.extra2 = &xinet_ping_group_range_max,
	};
	int ret;

	__xinet_get_ping_group_range(xn, &low, &high);
	urange[0] = from_kgid_munged(user_ns, low);
	urange[1] = from_kgid_munged(user_ns, high);
	ret = proc_doulongvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (!write || ret)
		return ret;

	low = make_kgid(user_ns, urange[0]);
	high = make_kgid(user_ns, urange[1]);
	if (!gid_valid(low) || !gid_valid(high))
		return -EINVAL;
	if (urange[1] < urange[0] || gid_lt(high, low)) {
		low = make_kgid(&init_user_ns, 1);
		high = make_kgid(&init_user_ns, 0);
	}
	xinet_set_ping_group_range(net, low, high);
	return 0;
}

/* The template; .data points into a struct xinet_net once copied. */
static const struct ctl_table xinet_sysctl_template[] = {
	{
		.procname	= "ping_group_range",
		.maxlen		= sizeof(kgid_t) * 2,
		.mode		= 0644,
		.proc_handler	= xinet_ping_group_range,
	},
	{
		.procname	= "tcp_wmem",
		.maxlen		= sizeof(int) * 3,
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
	},
	{
		.procname	= "tcp_rmem",
		.maxlen		= sizeof(int) * 3,
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
	},
	{ }	/* sentinel for 6.1, outside the size given to newer kernels */
};

/**
 * xinet_sysctl_register - create net.xinet for a namespace
 * @net: the namespace, whose struct xinet_net is initialised
 *
 * Return: 0 or -ENOMEM.
 */
int xinet_sysctl_register(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);
	struct ctl_table *table;

	table = kmemdup(xinet_sysctl_template, sizeof(xinet_sysctl_template),
			GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	table[0].data = &xn->ping_group_range;
	table[1].data = &xn->sysctl_tcp_wmem;
	table[2].data = &xn->sysctl_tcp_rmem;

	xn->sysctl_hdr = xinet_register_net_sysctl(net, "net/xinet", table,
						   ARRAY_SIZE(xinet_sysctl_template) - 1);
	if (!xn->sysctl_hdr) {
		kfree(table);
		return -ENOMEM;
	}
	return 0;
}

/**
 * xinet_sysctl_unregister - remove net.xinet of a namespace
 * @net: the namespace
 */
void xinet_sysctl_unregister(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);
	const struct ctl_table *table = xn->sysctl_hdr->ctl_table_arg;

	unregister_net_sysctl_table(xn->sysctl_hdr);
	kfree(table);
}
