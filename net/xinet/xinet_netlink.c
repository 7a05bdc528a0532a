// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: the "xinet" generic netlink family (addresses, routes, faults).
 *
 * The userspace interface is include/uapi/linux/xinet_netlink.h.  Every
 * request changes one thing under RTNL, so a failed one leaves nothing
 * behind; every failure says why in the extended ack.  The family is
 * per namespace: a request acts on the namespace of the socket it came
 * from.  Changes, and reads of the fault configuration, need
 * CAP_NET_ADMIN in the user namespace owning that namespace
 * (GENL_UNS_ADMIN_PERM, as rtnetlink's address and route commands);
 * address and route dumps are open to all, as rtnetlink's are.
 */

#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <linux/xinet_netlink.h>
#include <net/xinet/compat.h>
#include <net/xinet/xdevinet.h>
#include <net/xinet/xnet.h>
#include <net/xinet/xroute.h>
#include <net/xinet/xtcp.h>

static struct genl_family xinet_genl_family;

/*
 * The FAULT nest.  Types here; ranges in xinet_nl_fault_parse(), whose
 * messages say which limit a value broke.  Counters are read-only.
 */
static const struct nla_policy xinet_fault_policy[XINET_FAULT_ATTR_MAX + 1] = {
	[XINET_FAULT_ATTR_SEED]		= { .type = NLA_U64 },
	[XINET_FAULT_ATTR_DROP]		= { .type = NLA_U32 },
	[XINET_FAULT_ATTR_DUPLICATE]	= { .type = NLA_U32 },
	[XINET_FAULT_ATTR_REORDER]	= { .type = NLA_U32 },
	[XINET_FAULT_ATTR_CORRUPT]	= { .type = NLA_U32 },
	[XINET_FAULT_ATTR_DELAY]	= { .type = NLA_U32 },
	[XINET_FAULT_ATTR_JITTER]	= { .type = NLA_U32 },
	[XINET_FAULT_ATTR_DROPPED]	= { .type = NLA_REJECT },
	[XINET_FAULT_ATTR_DUPLICATED]	= { .type = NLA_REJECT },
	[XINET_FAULT_ATTR_REORDERED]	= { .type = NLA_REJECT },
	[XINET_FAULT_ATTR_CORRUPTED]	= { .type = NLA_REJECT },
	[XINET_FAULT_ATTR_DELAYED]	= { .type = NLA_REJECT },
	[XINET_FAULT_ATTR_CE]		= { .type = NLA_U32 },
	[XINET_FAULT_ATTR_CE_MARKED]	= { .type = NLA_REJECT },
};

static const struct nla_policy xinet_genl_policy[XINET_ATTR_MAX + 1] = {
	[XINET_ATTR_IFINDEX]	= { .type = NLA_U32 },
	[XINET_ATTR_ADDRESS]	= { .type = NLA_BE32 },
	[XINET_ATTR_PREFIXLEN]	= { .type = NLA_U8 },
	[XINET_ATTR_BROADCAST]	= { .type = NLA_BE32 },
	[XINET_ATTR_DST]	= { .type = NLA_BE32 },
	[XINET_ATTR_PROTOCOL]	= { .type = NLA_U8 },
	[XINET_ATTR_FAULT]	= NLA_POLICY_NESTED(xinet_fault_policy),
	[XINET_ATTR_METRICS]	= { .type = NLA_NESTED },
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

/*
 * Twin of ip_metrics_convert(): RTA_METRICS's layout and clamps.  Linux
 * also stores the metrics xinet's TCP does not use (window, rtt,
 * ssthresh, ...); xinet refuses them rather than keep them unused.
 */
static int xinet_nl_metrics(const struct nlattr *attr, struct xfib_metrics *mx,
			    struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	int rem;
	u32 val;

	nla_for_each_nested(nla, attr, rem) {
		int type = nla_type(nla);

		if (!type)
			continue;
		if (type > RTAX_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, nla, "Invalid metric");
			return -EINVAL;
		}
		if (type == RTAX_CC_ALGO) {
			if (nla_strscpy(mx->cc_algo, nla, sizeof(mx->cc_algo)) < 0 ||
			    !xtcp_ca_known(mx->cc_algo)) {
				NL_SET_ERR_MSG_ATTR(extack, nla,
						    "Unknown congestion control");
				return -EINVAL;
			}
			continue;
		}
		if (nla_len(nla) != sizeof(u32)) {
			NL_SET_ERR_MSG_ATTR(extack, nla, "Invalid metric length");
			return -EINVAL;
		}
		val = nla_get_u32(nla);
		switch (type) {
		case RTAX_LOCK:
			mx->lock = val;
			break;
		case RTAX_MTU:
			mx->mtu = min(val, 65535U - 15);
			break;
		case RTAX_ADVMSS:
			mx->advmss = min(val, 65535U - 40);
			break;
		case RTAX_INITCWND:
			mx->initcwnd = val;
			break;
		case RTAX_INITRWND:
			mx->initrwnd = val;
			break;
		case RTAX_RTO_MIN:
			mx->rto_min = val;
			break;
		case RTAX_QUICKACK:
			mx->quickack = val;
			break;
		default:
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "Metric not supported by xinet");
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static int xinet_nl_put_metrics(struct sk_buff *skb,
				const struct xfib_metrics *mx)
{
	struct nlattr *nest;

	if (!mx->lock && !mx->mtu && !mx->advmss && !mx->initcwnd &&
	    !mx->initrwnd && !mx->rto_min && !mx->quickack && !mx->cc_algo[0])
		return 0;
	nest = nla_nest_start_noflag(skb, XINET_ATTR_METRICS);
	if (!nest)
		return -EMSGSIZE;
	if ((mx->lock && nla_put_u32(skb, RTAX_LOCK, mx->lock)) ||
	    (mx->mtu && nla_put_u32(skb, RTAX_MTU, mx->mtu)) ||
	    (mx->advmss && nla_put_u32(skb, RTAX_ADVMSS, mx->advmss)) ||
	    (mx->initcwnd && nla_put_u32(skb, RTAX_INITCWND, mx->initcwnd)) ||
	    (mx->rto_min && nla_put_u32(skb, RTAX_RTO_MIN, mx->rto_min)) ||
	    (mx->initrwnd && nla_put_u32(skb, RTAX_INITRWND, mx->initrwnd)) ||
	    (mx->quickack && nla_put_u32(skb, RTAX_QUICKACK, mx->quickack)) ||
	    (mx->cc_algo[0] && nla_put_string(skb, RTAX_CC_ALGO, mx->cc_algo))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int xinet_nl_route_change(struct sk_buff *skb, struct genl_info *info)
{
	struct xfib_metrics mx = {};
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
	if (add && info->attrs[XINET_ATTR_METRICS]) {
		err = xinet_nl_metrics(info->attrs[XINET_ATTR_METRICS], &mx,
				       info->extack);
		if (err)
			return err;
	}

	rtnl_lock();
	if (info->attrs[XINET_ATTR_IFINDEX]) {
		dev = xinet_nl_dev(info);
		if (!dev) {
			err = -ENODEV;
			goto out;
		}
	}
	if (add)
		err = xfib_route_add(net, dst, plen, dev, &mx, info->extack);
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
	    nla_put_u8(d->skb, XINET_ATTR_PROTOCOL, r->protocol) ||
	    xinet_nl_put_metrics(d->skb, &r->metrics)) {
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

/* A u32 of the FAULT nest, 0 when absent, at most @max. */
static int xinet_nl_fault_u32(struct nlattr **tb, int type, u32 max,
			      u32 *val, struct netlink_ext_ack *extack)
{
	*val = tb[type] ? nla_get_u32(tb[type]) : 0;
	if (*val <= max)
		return 0;
	if (max == XNET_FAULT_PPM_MAX)
		NL_SET_ERR_MSG_ATTR(extack, tb[type],
				    "Probability above 1000000 ppm (100%)");
	else
		NL_SET_ERR_MSG_ATTR(extack, tb[type],
				    "Delay or jitter above 10 s");
	return -EINVAL;
}

static int xinet_nl_fault_parse(struct nlattr *nest, struct xnet_fault_cfg *cfg,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[XINET_FAULT_ATTR_MAX + 1];
	int err;

	err = nla_parse_nested(tb, XINET_FAULT_ATTR_MAX, nest,
			       xinet_fault_policy, extack);
	if (err)
		return err;
	cfg->seed = tb[XINET_FAULT_ATTR_SEED] ?
		    nla_get_u64(tb[XINET_FAULT_ATTR_SEED]) : 0;
	err = xinet_nl_fault_u32(tb, XINET_FAULT_ATTR_DROP, XNET_FAULT_PPM_MAX,
				 &cfg->drop, extack) ?:
	      xinet_nl_fault_u32(tb, XINET_FAULT_ATTR_DUPLICATE,
				 XNET_FAULT_PPM_MAX, &cfg->duplicate, extack) ?:
	      xinet_nl_fault_u32(tb, XINET_FAULT_ATTR_REORDER,
				 XNET_FAULT_PPM_MAX, &cfg->reorder, extack) ?:
	      xinet_nl_fault_u32(tb, XINET_FAULT_ATTR_CORRUPT,
				 XNET_FAULT_PPM_MAX, &cfg->corrupt, extack) ?:
	      xinet_nl_fault_u32(tb, XINET_FAULT_ATTR_CE,
				 XNET_FAULT_PPM_MAX, &cfg->ce, extack) ?:
	      xinet_nl_fault_u32(tb, XINET_FAULT_ATTR_DELAY,
				 XNET_FAULT_DELAY_MAX_US, &cfg->delay_us,
				 extack) ?:
	      xinet_nl_fault_u32(tb, XINET_FAULT_ATTR_JITTER,
				 XNET_FAULT_DELAY_MAX_US, &cfg->jitter_us,
				 extack);
	return err;
}

static int xinet_nl_fault_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest = info->attrs[XINET_ATTR_FAULT];
	struct xnet_fault_cfg cfg = {};
	struct net_device *dev;
	int err;

	if (!xinet_nl_require(info, XINET_ATTR_IFINDEX, "Missing device"))
		return -EINVAL;
	if (nest) {
		err = xinet_nl_fault_parse(nest, &cfg, info->extack);
		if (err)
			return err;
	}

	rtnl_lock();
	dev = xinet_nl_dev(info);
	if (dev)
		err = xnet_fault_set(dev, nest ? &cfg : NULL, info->extack);
	else
		err = -ENODEV;
	rtnl_unlock();
	return err;
}

static int xinet_nl_fill_fault(struct sk_buff *msg, int ifindex,
			       const struct xnet_fault_cfg *cfg,
			       const struct xnet_fault_stats *st)
{
	struct nlattr *nest;

	if (nla_put_u32(msg, XINET_ATTR_IFINDEX, ifindex))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, XINET_ATTR_FAULT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, XINET_FAULT_ATTR_SEED, cfg->seed,
			      XINET_FAULT_ATTR_PAD) ||
	    nla_put_u32(msg, XINET_FAULT_ATTR_DROP, cfg->drop) ||
	    nla_put_u32(msg, XINET_FAULT_ATTR_DUPLICATE, cfg->duplicate) ||
	    nla_put_u32(msg, XINET_FAULT_ATTR_REORDER, cfg->reorder) ||
	    nla_put_u32(msg, XINET_FAULT_ATTR_CORRUPT, cfg->corrupt) ||
	    nla_put_u32(msg, XINET_FAULT_ATTR_CE, cfg->ce) ||
	    nla_put_u32(msg, XINET_FAULT_ATTR_DELAY, cfg->delay_us) ||
	    nla_put_u32(msg, XINET_FAULT_ATTR_JITTER, cfg->jitter_us) ||
	    nla_put_u64_64bit(msg, XINET_FAULT_ATTR_DROPPED, st->dropped,
			      XINET_FAULT_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, XINET_FAULT_ATTR_DUPLICATED, st->duplicated,
			      XINET_FAULT_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, XINET_FAULT_ATTR_REORDERED, st->reordered,
			      XINET_FAULT_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, XINET_FAULT_ATTR_CORRUPTED, st->corrupted,
			      XINET_FAULT_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, XINET_FAULT_ATTR_DELAYED, st->delayed,
			      XINET_FAULT_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, XINET_FAULT_ATTR_CE_MARKED, st->ce_marked,
			      XINET_FAULT_ATTR_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int xinet_nl_fault_get(struct sk_buff *skb, struct genl_info *info)
{
	struct xnet_fault_stats st;
	struct xnet_fault_cfg cfg;
	struct net_device *dev;
	struct sk_buff *msg;
	int ifindex = 0;
	void *hdr;
	int err;

	if (!xinet_nl_require(info, XINET_ATTR_IFINDEX, "Missing device"))
		return -EINVAL;

	rtnl_lock();
	dev = xinet_nl_dev(info);
	if (!dev) {
		err = -ENODEV;
	} else {
		ifindex = dev->ifindex;
		err = xnet_fault_get(dev, &cfg, &st);
		if (err)
			NL_SET_ERR_MSG(info->extack, "Not an xnet device");
	}
	rtnl_unlock();
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &xinet_genl_family, 0,
				XINET_CMD_FAULT_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	err = xinet_nl_fill_fault(msg, ifindex, &cfg, &st);
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
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
	{
		.cmd	= XINET_CMD_FAULT_SET,
		.doit	= xinet_nl_fault_set,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		/*
		 * The fault configuration is test tooling, not the network's
		 * state: its seed predicts every drop and corruption to come,
		 * so only the namespace's admin reads it (unlike the address
		 * and route dumps, readable as rtnetlink's).
		 */
		.cmd	= XINET_CMD_FAULT_GET,
		.doit	= xinet_nl_fault_get,
		.flags	= GENL_UNS_ADMIN_PERM,
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
