// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the "xinet" generic netlink family (addresses, routes, faults).
 *
 * The userspace interface is include/uapi/linux/xinet_netlink.h.  Every
 * request changes one thing under RTNL, so a failed one leaves nothing
 * behind; every failure says why in the extended ack.  The family is
 * per namespace: a request acts on the namespace of the socket it came
 * from, and changes need CAP_NET_ADMIN over that namespace.
 */

#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <linux/xinet_netlink.h>
#include <net/xinet/compat.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xroute.h>

static struct genl_family xinet_genl_family;

static const struct nla_policy xinet_genl_policy[XINET_ATTR_MAX + 1] = {
	[XINET_ATTR_IFINDEX]	= { .type = NLA_U32 },
	[XINET_ATTR_ADDRESS]	= { .type = NLA_BE32 },
	[XINET_ATTR_PREFIXLEN]	= { .type = NLA_U8 },
	[XINET_ATTR_BROADCAST]	= { .type = NLA_BE32 },
	[XINET_ATTR_DST]	= { .type = NLA_BE32 },
	[XINET_ATTR_PROTOCOL]	= { .type = NLA_U8 },
	[XINET_ATTR_FAULT]	= { .type = NLA_REJECT },
};

/* A required attribute; NL_SET_ERR_MSG() needs the message literal. */
#define xinet_nl_require(info, attr, msg)				\
({									\
	struct genl_info *__info = (info);				\
	bool __present = !!__info->attrs[attr];				\
									\
	if (!__present)							\
		NL_SET_ERR_MSG(__info->extack, msg);			\
	__present;							\
})

/* The device a request names, in the requester's namespace (RTNL held). */
static struct net_device *xinet_nl_dev(struct genl_info *info)
{
	struct net_device *dev;

	dev = __dev_get_by_index(genl_info_net(info),
				 nla_get_u32(info->attrs[XINET_ATTR_IFINDEX]));
	if (!dev)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XINET_ATTR_IFINDEX],
				    "Device not found");
	return dev;
}

static int xinet_nl_addr_change(struct sk_buff *skb, struct genl_info *info)
{
	bool add = info->genlhdr->cmd == XINET_CMD_ADDR_NEW;
	struct net_device *dev;
	__be32 local;
	u8 plen;
	int err;

	if (!xinet_nl_require(info, XINET_ATTR_IFINDEX, "Missing device") ||
	    !xinet_nl_require(info, XINET_ATTR_ADDRESS, "Missing address") ||
	    !xinet_nl_require(info, XINET_ATTR_PREFIXLEN, "Missing prefix length"))
		return -EINVAL;
	local = nla_get_be32(info->attrs[XINET_ATTR_ADDRESS]);
	plen = nla_get_u8(info->attrs[XINET_ATTR_PREFIXLEN]);

	rtnl_lock();
	dev = xinet_nl_dev(info);
	if (!dev)
		err = -ENODEV;
	else if (add)
		err = xinet_ifa_add(dev, local, plen, info->extack);
	else
		err = xinet_ifa_del(dev, local, plen, info->extack);
	rtnl_unlock();
	return err;
}

static int xinet_nl_route_change(struct sk_buff *skb, struct genl_info *info)
{
	bool add = info->genlhdr->cmd == XINET_CMD_ROUTE_NEW;
	struct net *net = genl_info_net(info);
	struct net_device *dev = NULL;
	__be32 dst;
	u8 plen;
	int err;

	if (!xinet_nl_require(info, XINET_ATTR_DST, "Missing destination") ||
	    !xinet_nl_require(info, XINET_ATTR_PREFIXLEN, "Missing prefix length"))
		return -EINVAL;
	if (add && !xinet_nl_require(info, XINET_ATTR_IFINDEX, "Missing device"))
		return -EINVAL;
	dst = nla_get_be32(info->attrs[XINET_ATTR_DST]);
	plen = nla_get_u8(info->attrs[XINET_ATTR_PREFIXLEN]);

	rtnl_lock();
	if (info->attrs[XINET_ATTR_IFINDEX]) {
		dev = xinet_nl_dev(info);
		if (!dev) {
			err = -ENODEV;
			goto out;
		}
	}
	if (add)
		err = xfib_route_add(net, dst, plen, dev, info->extack);
	else
		err = xfib_route_del(net, dst, plen, dev, info->extack);
out:
	rtnl_unlock();
	return err;
}

/* Dump state: cb->args[0] counts the entries sent so far. */
struct xinet_nl_dump {
	struct sk_buff		*skb;
	struct netlink_callback	*cb;
};

static void *xinet_nl_dump_put(struct xinet_nl_dump *d, u8 cmd)
{
	return genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			   d->cb->nlh->nlmsg_seq, &xinet_genl_family,
			   NLM_F_MULTI, cmd);
}

static int xinet_nl_fill_addr(struct xinet_nl_dump *d,
			      const struct net_device *dev,
			      const struct xin_ifaddr *ifa)
{
	void *hdr = xinet_nl_dump_put(d, XINET_CMD_ADDR_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(d->skb, XINET_ATTR_IFINDEX, dev->ifindex) ||
	    nla_put_be32(d->skb, XINET_ATTR_ADDRESS, ifa->ifa_local) ||
	    nla_put_u8(d->skb, XINET_ATTR_PREFIXLEN, ifa->ifa_prefixlen) ||
	    nla_put_be32(d->skb, XINET_ATTR_BROADCAST, ifa->ifa_broadcast)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

static int xinet_nl_addr_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct xinet_nl_dump d = { .skb = skb, .cb = cb };
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], i = 0;
	struct xin_device *xin;
	struct xin_ifaddr *ifa;
	struct net_device *dev;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		xin = xin_dev_get_rcu(dev);
		if (!xin)
			continue;
		list_for_each_entry_rcu(ifa, &xin->ifa_list, ifa_list) {
			if (i >= skip && xinet_nl_fill_addr(&d, dev, ifa))
				goto out;
			i++;
		}
	}
out:
	rcu_read_unlock();
	cb->args[0] = i;
	return skb->len;
}

static int xinet_nl_fill_route(const struct xfib_route *r, void *arg)
{
	struct xinet_nl_dump *d = arg;
	void *hdr = xinet_nl_dump_put(d, XINET_CMD_ROUTE_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_be32(d->skb, XINET_ATTR_DST, r->dst) ||
	    nla_put_u8(d->skb, XINET_ATTR_PREFIXLEN, r->plen) ||
	    nla_put_u32(d->skb, XINET_ATTR_IFINDEX, r->dev->ifindex) ||
	    nla_put_u8(d->skb, XINET_ATTR_PROTOCOL, r->protocol)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

static int xinet_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct xinet_nl_dump d = { .skb = skb, .cb = cb };

	rcu_read_lock();
	cb->args[0] = xfib_walk_rcu(sock_net(skb->sk), cb->args[0],
				    xinet_nl_fill_route, &d);
	rcu_read_unlock();
	return skb->len;
}

static const struct genl_small_ops xinet_genl_ops[] = {
	{
		.cmd	= XINET_CMD_ADDR_NEW,
		.doit	= xinet_nl_addr_change,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= XINET_CMD_ADDR_DEL,
		.doit	= xinet_nl_addr_change,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= XINET_CMD_ADDR_GET,
		.dumpit	= xinet_nl_addr_dump,
	},
	{
		.cmd	= XINET_CMD_ROUTE_NEW,
		.doit	= xinet_nl_route_change,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= XINET_CMD_ROUTE_DEL,
		.doit	= xinet_nl_route_change,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= XINET_CMD_ROUTE_GET,
		.dumpit	= xinet_nl_route_dump,
	},
};

static struct genl_family xinet_genl_family __ro_after_init = {
	.name		= XINET_GENL_NAME,
	.version	= XINET_GENL_VERSION,
	.maxattr	= XINET_ATTR_MAX,
	.policy		= xinet_genl_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.small_ops	= xinet_genl_ops,
	.n_small_ops	= ARRAY_SIZE(xinet_genl_ops),
	.resv_start_op	= XINET_CMD_MAX + 1,
};

/**
 * xinet_netlink_init - register the "xinet" generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int xinet_netlink_init(void)
{
	return genl_register_family(&xinet_genl_family);
}

/**
 * xinet_netlink_exit - unregister the "xinet" family
 */
void xinet_netlink_exit(void)
{
	genl_unregister_family(&xinet_genl_family);
}
