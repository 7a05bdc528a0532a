// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the transport table of the IPv4 layer, twin of
 * net/ipv4/protocol.c.  xip_local_deliver() looks the transport up by
 * the IP header's protocol number; ICMP errors find their transport's
 * err_handler the same way.
 */

#include <linux/in.h>
#include <linux/rcupdate.h>
#include <net/xinet/compat.h>
#include <net/xinet/xip.h>

/* Written with cmpxchg, read under RCU. */
static const struct xinet_protocol __rcu *xinet_protos[XINET_MAX_PROTOS];

/**
 * xinet_add_protocol - register a transport's receive hooks
 * @prot: the hooks
 * @num: IP protocol number
 *
 * Return: 0, or -EBUSY if @num already has a transport.
 */
int xinet_add_protocol(const struct xinet_protocol *prot, unsigned char num)
{
	return !cmpxchg((const struct xinet_protocol **)&xinet_protos[num],
			NULL, prot) ? 0 : -EBUSY;
}

/**
 * xinet_del_protocol - unregister what xinet_add_protocol() registered
 * @prot: the hooks
 * @num: IP protocol number
 *
 * Waits for the readers of the table, so that @prot may be freed after.
 *
 * Return: 0, or -EINVAL if @prot was not registered for @num.
 */
int xinet_del_protocol(const struct xinet_protocol *prot, unsigned char num)
{
	int ret;

	ret = (cmpxchg((const struct xinet_protocol **)&xinet_protos[num],
		       prot, NULL) == prot) ? 0 : -EINVAL;
	synchronize_net();
	return ret;
}

/**
 * xinet_protocol_rcu - the transport of an IP protocol number
 * @num: IP protocol number
 *
 * Context: rcu_read_lock() held.
 * Return: the hooks, or NULL if no transport handles @num.
 */
const struct xinet_protocol *xinet_protocol_rcu(unsigned char num)
{
	return rcu_dereference(xinet_protos[num]);
}
